-- Limits count what people did, not what still exists. The per-person limits counted the rows a
-- person had in the table within the window, so a delete gave the allowance back: post an idea,
-- withdraw it, post again, without end; vote and unvote in a loop (each one rewrites the idea's
-- row for every live listener); send a partner request, take it back, send it again.
--
-- Now every insert a person can repeat, and every vote taken back, is also written to an
-- append-only record, private.attempts, that the person's deletes do not touch. The limit counts
-- that record: at most max_count attempts per person (and, for vote changes, per idea) within the
-- window. The row counts in the rule triggers stay: they also count rows written for the person
-- by trusted paths, and never refuse what the attempt count would allow.
--
-- Only the API roles are counted (the WHEN clause: private.is_api_caller()), so the team's
-- functions (record_offline_idea, merge_idea moving votes), cascades and the service role are not.
-- A statement that fails leaves no attempt: it rolls back with everything else. An idempotent
-- retry of submit_idea returns the saved idea before inserting (20260704000100), so it costs no
-- attempt.
--
-- The limits are set where a real resident never meets them. The record holds a person's id, the
-- kind of action and the time; private.forget_old_attempts() deletes what is older than each
-- kind's window, and the digest job calls it (docs/privacy.md).

insert into private.limits (action, max_count, per) values
  ('vote_changes', 300, interval '1 hour'),
  ('vote_changes_per_idea', 10, interval '1 hour'),
  ('follows', 100, interval '1 hour'),
  ('coalition_joins', 10, interval '1 day')
on conflict (action) do nothing;
alter table private.limits enable row level security;

create table private.attempts (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  action text not null references private.limits (action) on update cascade on delete cascade,
  idea_id uuid,
  at timestamptz not null default now()
);
alter table private.attempts enable row level security;
comment on table private.attempts is
  'Append-only record of what each person did through the API (per action kind, and the idea for vote changes), for the rate limits. Kept for the window of its kind, then deleted by forget_old_attempts(). No API role may read or write it.';
comment on column private.attempts.idea_id is 'For per-idea limits (vote_changes_per_idea): the idea.';

create index attempts_user_action_at_idx on private.attempts (user_id, action, at desc);
create index attempts_action_at_idx on private.attempts (action, at);

revoke all on private.attempts from public, anon, authenticated;
revoke all on sequence private.attempts_id_seq from public, anon, authenticated;

-- Records the attempts named in the trigger's arguments for the caller, then refuses the
-- statement if one of them is now over its limit. Runs as owner: the caller has no rights on the
-- record. The advisory lock per person and kind (the key serialize_rate_limit uses) makes
-- parallel requests of one person count one after the other; kinds are always taken in the
-- order of the arguments, so two requests cannot wait for each other.
create or replace function private.record_attempt()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  row_data jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  kind text;
  scope uuid;
  recent bigint;
begin
  if uid is null then
    return null;
  end if;
  foreach kind in array tg_argv loop
    scope := case when kind like '%\_per\_idea' then (row_data ->> 'idea_id')::uuid end;
    perform pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtext('rate_limit:' || kind), pg_catalog.hashtext(uid::text));
    insert into private.attempts (user_id, action, idea_id) values (uid, kind, scope);
    select count(*) into recent
      from private.attempts a
     where a.user_id = uid and a.action = kind
       and a.idea_id is not distinct from scope
       and a.at > now() - private.limit_window(kind);
    perform private.enforce_limit(kind, recent);
  end loop;
  return null;
end
$$;
comment on function private.record_attempt() is
  'After-row trigger: writes one attempt per kind named in the arguments for auth.uid() and refuses the statement once a kind is over its limit (rate_limited: <kind>).';

create trigger ideas_record_attempt after insert on public.ideas
  for each row when (private.is_api_caller())
  execute function private.record_attempt('ideas');
create trigger comments_record_attempt after insert on public.comments
  for each row when (private.is_api_caller())
  execute function private.record_attempt('comments');
create trigger votes_record_attempt after insert on public.votes
  for each row when (private.is_api_caller())
  execute function private.record_attempt('votes', 'vote_changes', 'vote_changes_per_idea');
create trigger votes_record_withdrawal after delete on public.votes
  for each row when (private.is_api_caller())
  execute function private.record_attempt('vote_changes', 'vote_changes_per_idea');
create trigger reports_record_attempt after insert on public.reports
  for each row when (private.is_api_caller())
  execute function private.record_attempt('reports');
create trigger follows_record_attempt after insert on public.follows
  for each row when (private.is_api_caller())
  execute function private.record_attempt('follows');
create trigger partner_requests_record_attempt after insert on public.partner_requests
  for each row when (private.is_api_caller())
  execute function private.record_attempt('partner_requests');
-- Joining by oneself; the team adding members is not a join of theirs.
create trigger coalition_members_record_attempt after insert on public.coalition_members
  for each row when (private.is_api_caller() and new.profile_id = auth.uid())
  execute function private.record_attempt('coalition_joins');

-- The record is personal data: keep it no longer than the limits need.
create or replace function private.forget_old_attempts()
returns bigint
language sql
security definer
set search_path = ''
as $$
  with gone as (
    delete from private.attempts a
     using private.limits l
     where l.action = a.action and a.at < now() - l.per
    returning 1
  )
  select count(*) from gone
$$;
comment on function private.forget_old_attempts() is
  'Deletes attempts older than their kind''s window; returns how many. Called by the digest job (scripts/digest.ts).';
revoke all on function private.forget_old_attempts() from public, anon, authenticated;
grant execute on function private.forget_old_attempts() to service_role;

-- A person may see their own attempts in their export (and only there).
create or replace function private.my_attempts()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('action', a.action, 'idea_id', a.idea_id, 'at', a.at)
                            order by a.at), '[]'::jsonb)
    from private.attempts a
   where a.user_id = (select auth.uid())
$$;
comment on function private.my_attempts() is
  'The signed-in person''s own recent attempts (kind, idea, time), for export_my_data.';
revoke all on function private.my_attempts() from public, anon, authenticated;
grant execute on function private.my_attempts() to authenticated, service_role;

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
    'digest_settings', (select to_jsonb(d) from public.digest_settings d where d.user_id = uid),
    'recent_actions', private.my_attempts()
  );
end
$$;
