-- Supabase Cron for the reminders function (20261202810100_event_reminders.sql) on a hosted project,
-- as 20261202740200_schedule_mail_jobs.sql does for the digest; run it again once pg_cron and pg_net
-- are on (it replaces the job by name):
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
