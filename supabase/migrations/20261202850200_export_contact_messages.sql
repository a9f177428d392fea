-- The data export includes the messages a person sent to an organiser, or got as one, through
-- Emmer (20261202850100_contact_organisers_through_emmer.sql). Restated from
-- 20261202770200_export_idea_photos.sql with one key added, 'contact_messages'; security invoker,
-- so the table's policy (sender or recipient) decides, as for the other keys.

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
    'contact_messages', coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at) from public.contact_messages m where m.sender_id = uid or m.recipient_id = uid), '[]'),
    'digest_settings', (select to_jsonb(d) from public.digest_settings d where d.user_id = uid),
    'recent_actions', private.my_attempts()
  );
end
$$;
comment on function public.export_my_data() is
  'Everything Emmer holds about the signed-in person, as the table policies let them see it (GDPR right of access), their photos and the messages they sent or got through Emmer included.';
