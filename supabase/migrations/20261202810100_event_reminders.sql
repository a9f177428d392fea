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

-- Supabase Cron on a hosted project, as 20261202740200_schedule_mail_jobs.sql does for the digest:
-- at minute 17 of every hour, whoever has a place at an event that starts tomorrow
-- (Europe/Amsterdam) and has no reminder yet. Does nothing where pg_cron or pg_net is absent; the
-- local stack calls the function on the same minutes (supabase/local/functions.ts SCHEDULES).
do $$
declare
  job record;
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron')
     or not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_net') then
    return;
  end if;
  for job in select * from (values ('reminders', '17 * * * *')) as j(name, schedule)
  loop
    execute format(
      $cmd$select cron.schedule(%L, %L, %L)$cmd$,
      'emmer-' || job.name,
      job.schedule,
      format(
        $call$select net.http_post(
          url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/%s',
          headers := jsonb_build_object(
            'content-type', 'application/json',
            'authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
          body := '{}'::jsonb,
          timeout_milliseconds := 60000)$call$,
        job.name));
  end loop;
end
$$;
