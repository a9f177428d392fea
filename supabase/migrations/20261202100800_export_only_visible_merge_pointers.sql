-- export_my_data() returned the person's ideas whole, merged_into_id included: the author of a
-- merged idea could read the pointer to an original that the team hid since (or whose author
-- withdrew it), which merge_target() (20261202100400) no longer gives them. The export now carries
-- the pointer as merge_target() gives it: null when the person may not see the original.

create or replace function public.export_my_data()
returns jsonb
language plpgsql
stable
security definer
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
    'account', (select jsonb_build_object('id', u.id, 'email', u.email, 'created_at', u.created_at,
                                          'last_sign_in_at', u.last_sign_in_at)
                  from auth.users u where u.id = uid),
    'profile', (select to_jsonb(p) from public.profiles p where p.id = uid),
    'ideas', coalesce((select jsonb_agg(to_jsonb(i) - 'search'
                                        || jsonb_build_object('merged_into_id', public.merge_target(i.id))
                                        order by i.created_at)
                         from public.ideas i where i.author_id = uid), '[]'),
    'comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at) from public.comments c where c.author_id = uid), '[]'),
    'votes', coalesce((select jsonb_agg(to_jsonb(v) order by v.created_at) from public.votes v where v.user_id = uid), '[]'),
    'follows', coalesce((select jsonb_agg(to_jsonb(f) order by f.created_at) from public.follows f where f.user_id = uid), '[]'),
    'notifications', coalesce((select jsonb_agg(to_jsonb(n) order by n.created_at) from public.notifications n where n.user_id = uid), '[]'),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at) from public.reports r where r.reporter_id = uid), '[]'),
    'partner_requests', coalesce((select jsonb_agg(to_jsonb(q) order by q.created_at) from public.partner_requests q where q.profile_id = uid), '[]'),
    'coalition_memberships', coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at) from public.coalition_members m where m.profile_id = uid), '[]')
  );
end
$$;
