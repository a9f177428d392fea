-- The data export includes the person's photos (issue 15): each photo's row (description, sizes,
-- hidden reason) and where its files are in Storage. Restated from
-- 20261202600100_reconcile_similar_ideas_and_export.sql with one key added, 'idea_photos'. As
-- with private.my_ideas(), the person's own rows are read as owner: the row policies hide the
-- photos of a withdrawn idea from its author.

create or replace function private.my_idea_photos()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(to_jsonb(p) || jsonb_build_object('bucket', 'idea-photos')
                            order by p.created_at), '[]')
    from public.idea_photos p
   where p.author_id = (select auth.uid())
$$;
comment on function private.my_idea_photos() is
  'The signed-in person''s own photos (also of withdrawn or hidden ideas), with the Storage bucket of path and thumb_path, for export_my_data.';
revoke all on function private.my_idea_photos() from public, anon, authenticated;
grant execute on function private.my_idea_photos() to authenticated, service_role;

create or replace function public.export_my_data()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  return jsonb_build_object(
    'exported_at', now(),
    'account', private.my_account(),
    'profile', (select to_jsonb(p) from public.my_profile() p),
    'ideas', private.my_ideas(),
    'idea_photos', private.my_idea_photos(),
    'comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at) from public.comments c where c.author_id = uid), '[]'),
    'votes', coalesce((select jsonb_agg(to_jsonb(v) order by v.created_at) from public.votes v where v.user_id = uid), '[]'),
    'follows', coalesce((select jsonb_agg(to_jsonb(f) order by f.created_at) from public.follows f where f.user_id = uid), '[]'),
    'notifications', coalesce((select jsonb_agg(to_jsonb(n) order by n.created_at) from public.notifications n where n.user_id = uid), '[]'),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at) from public.reports r where r.reporter_id = uid), '[]'),
    'partner_requests', coalesce((select jsonb_agg(to_jsonb(q) order by q.created_at) from public.partner_requests q where q.profile_id = uid), '[]'),
    'coalition_memberships', coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at) from public.coalition_members m where m.profile_id = uid), '[]'),
    'digest_settings', (select to_jsonb(d) from public.digest_settings d where d.user_id = uid),
    'recent_actions', private.my_attempts()
  );
end
$$;
comment on function public.export_my_data() is
  'Everything Emmer holds about the signed-in person, as the table policies let them see it (GDPR right of access), their photos included.';
