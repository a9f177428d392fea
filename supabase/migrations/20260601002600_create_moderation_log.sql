create table public.moderation_log (
  id bigint generated always as identity primary key,
  actor_id uuid,
  action text not null,
  target_table text not null,
  target_id uuid,
  reason text,
  details jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
alter table public.moderation_log enable row level security;
comment on table public.moderation_log is 'Append-only audit of what the team and admins did. Nobody updates or deletes it; moderators and admins read it. actor_id has no foreign key on purpose: the trail outlives accounts.';

create index moderation_log_at_idx on public.moderation_log (at desc);
create index moderation_log_target_idx on public.moderation_log (target_table, target_id);

revoke all on public.moderation_log from anon, authenticated;
grant select on public.moderation_log to authenticated;

create policy moderation_log_select_moderator on public.moderation_log for select to authenticated
  using ((select private.is_moderator()));

create or replace function private.moderation_log_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = '42501', message = 'moderation_log_append_only',
    detail = 'The moderation log cannot be changed or deleted.';
end
$$;

create trigger moderation_log_no_update before update or delete on public.moderation_log
  for each row execute function private.moderation_log_append_only();
create trigger moderation_log_no_truncate before truncate on public.moderation_log
  for each statement execute function private.moderation_log_append_only();

create or replace function private.log_moderation(
  p_action text, p_target_table text, p_target_id uuid, p_reason text default null, p_details jsonb default '{}'::jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.moderation_log (actor_id, action, target_table, target_id, reason, details)
  values ((select auth.uid()), p_action, p_target_table, p_target_id, p_reason, coalesce(p_details, '{}'::jsonb))
$$;
