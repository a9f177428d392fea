-- Supabase Cron for the mail functions on a hosted project: pg_cron calls them through pg_net
-- with the project's URL and service role key from Vault (README, "Going live": create the Vault
-- secrets `project_url` and `service_role_key`). Where pg_cron or pg_net is not installed (the
-- local stack, a plain Postgres) this does nothing: the local stack calls the same functions on
-- the same minutes itself (supabase/local/functions.ts SCHEDULES, kept alike by
-- tests/stack/functions.test.ts). Running it again replaces the jobs (cron.schedule by name).
--   digest       at minute 7 of every hour: whose daily or weekly digest is due
--   answer-mail  every minute: answers waiting in private.mail_queue
-- Old failure records go with the hourly digest run (private.mail_log, 90 days).
do $$
declare
  job record;
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron')
     or not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_net') then
    return;
  end if;
  for job in
    select * from (values ('digest', '7 * * * *'), ('answer-mail', '* * * * *')) as j(name, schedule)
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
