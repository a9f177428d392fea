-- Two security branches restated the same functions from the same starting point, and the later
-- migration silently undid the earlier one's fix. This restates both with every fix together:
--
-- * similar_ideas(): cut the draft to its first 120 characters before any work (20261202000100,
--   a 1 MB title tied up the database) AND leave withdrawn ideas out (20261202100200).
-- * export_my_data(): run as the caller, so the table policies decide what it shows
--   (20261202000200: a former moderator no longer gets the team's report messages), with the
--   digest settings and the person's recent attempts (20261202000400), AND give the merge pointer
--   only as merge_target() gives it (20261202100800). The person's own ideas, withdrawn and
--   hidden ones included, are theirs to see: private.my_ideas() reads strictly the caller's rows,
--   as owner, because the row policies hide a withdrawn idea from its author and the column
--   grants hide merged_into_id from everyone.

create or replace function public.similar_ideas(draft_title text, neighbourhood uuid default null, max integer default 5)
returns table (id uuid, title text, status public.idea_status, neighbourhood_id uuid, vote_count integer, similarity real)
language sql
stable
security invoker
set search_path = ''
as $$
  select i.id, i.title, i.status, i.neighbourhood_id, i.vote_count,
         extensions.similarity(i.title, d.title) as similarity
    from (select private.clean_text(pg_catalog.left(similar_ideas.draft_title, 120)) as title) d
    join public.ideas i on true
   where pg_catalog.char_length(d.title) >= 3
     and i.hidden_at is null
     and i.withdrawn_at is null
     and i.status not in ('done', 'not_feasible', 'merged')
     and (similar_ideas.neighbourhood is null or i.neighbourhood_id = similar_ideas.neighbourhood)
     and extensions.similarity(i.title, d.title) >= 0.2
   order by similarity desc, i.vote_count desc
   limit least(greatest(coalesce(similar_ideas.max, 5), 1), 20)
$$;
comment on function public.similar_ideas(text, uuid, integer) is
  'Visible, not withdrawn open ideas whose title looks like the first 120 characters of draft_title (pg_trgm similarity >= 0.2), best first, at most 20.';

create or replace function private.my_ideas()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(to_jsonb(i) - 'search'
                            || jsonb_build_object('merged_into_id', public.merge_target(i.id))
                            order by i.created_at), '[]')
    from public.ideas i
   where i.author_id = (select auth.uid())
$$;
comment on function private.my_ideas() is
  'The signed-in person''s own ideas (withdrawn and hidden ones too), with the merge pointer only as merge_target() gives it, for export_my_data.';
revoke all on function private.my_ideas() from public, anon, authenticated;
grant execute on function private.my_ideas() to authenticated, service_role;

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
  'Everything Emmer holds about the signed-in person, as the table policies let them see it (GDPR right of access).';
