-- export_my_data() ran as its owner (security definer) and picked the caller's rows by user id
-- alone, so it ignored the policies. After an admin made someone a moderator, a report came in and
-- the admin made them a resident again, `notifications?kind=eq.new_report` rightly returned
-- nothing (notifications_select_own asks that the report be readable), but the export still
-- returned the new_report rows with report_id and idea_id.
--
-- The export now runs as the caller (security invoker): every section is read under the same
-- policies as the tables themselves, so there is one definition of "may see" and nothing to keep
-- in step. Only what the API cannot read runs as owner: the account (auth.users) and the
-- profile's private columns, both strictly the caller's own row (private.my_account, my_profile).
--
-- Consequence: the person's own comments on an idea the team hid are left out while the idea is
-- hidden, as they are everywhere else (20260703000100); they are back when the team unhides it.
-- Showing them would tell the person that the hidden idea still exists.

create or replace function private.my_account()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', u.id, 'email', u.email, 'created_at', u.created_at,
                            'last_sign_in_at', u.last_sign_in_at)
    from auth.users u
   where u.id = (select auth.uid())
$$;
comment on function private.my_account() is
  'The signed-in person''s own account row (e-mail, dates), for export_my_data.';
revoke execute on function private.my_account() from public, anon;
grant execute on function private.my_account() to authenticated, service_role;

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
    'ideas', coalesce((select jsonb_agg(to_jsonb(i) - 'search' order by i.created_at) from public.ideas i where i.author_id = uid), '[]'),
    'comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at) from public.comments c where c.author_id = uid), '[]'),
    'votes', coalesce((select jsonb_agg(to_jsonb(v) order by v.created_at) from public.votes v where v.user_id = uid), '[]'),
    'follows', coalesce((select jsonb_agg(to_jsonb(f) order by f.created_at) from public.follows f where f.user_id = uid), '[]'),
    'notifications', coalesce((select jsonb_agg(to_jsonb(n) order by n.created_at) from public.notifications n where n.user_id = uid), '[]'),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at) from public.reports r where r.reporter_id = uid), '[]'),
    'partner_requests', coalesce((select jsonb_agg(to_jsonb(q) order by q.created_at) from public.partner_requests q where q.profile_id = uid), '[]'),
    'coalition_memberships', coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at) from public.coalition_members m where m.profile_id = uid), '[]'),
    'digest_settings', (select to_jsonb(d) from public.digest_settings d where d.user_id = uid)
  );
end
$$;
comment on function public.export_my_data() is
  'Everything Emmer holds about the caller that the caller may read, as JSON. Runs as the caller: the table policies decide.';
