-- A reminder mail the day before an event (issue #16), sent by the `reminders` Edge Function.
--
-- private.event_reminders: one row per person and event whose reminder the mail provider took,
-- so a person gets at most one reminder per event. The function inserts the row in the same
-- transaction as the send and commits only after the provider took the mail: a failed send or a
-- run that dies half-way leaves no row, and the next run tries again. Failed sends are written to
-- private.mail_log with kind 'reminder', like the digest's.
create table private.event_reminders (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  sent_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
alter table private.event_reminders enable row level security;
comment on table private.event_reminders is
  'Reminders the reminders Edge Function sent: at most one per person and event.';
create index event_reminders_user_id_idx on private.event_reminders (user_id);
revoke all on private.event_reminders from public, anon, authenticated;

alter table private.mail_log drop constraint mail_log_kind_check;
alter table private.mail_log
  add constraint mail_log_kind_check check (kind in ('digest', 'answer', 'reminder'));
