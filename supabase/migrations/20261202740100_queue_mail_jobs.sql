-- Mail from Edge Functions (supabase/functions/digest, supabase/functions/answer-mail).
--
-- 1. "Betrouwbaar zijn!" by mail: an author who asked for it (digest_settings.answer_mail) gets a
--    mail when the team answers their idea publicly. A trigger on idea_updates puts the answer in
--    private.mail_queue; the answer-mail function drains the queue every minute. One row per
--    answer (unique idea_update_id), so an answer is mailed once.
-- 2. private.mail_log: every send that failed, with the provider's error, for the team to see in
--    the database; the failed person or answer is tried again on the next run.
-- 3. The person's language reaches Auth's mails: profiles.locale is copied into the user's
--    metadata (auth.users.raw_user_meta_data.locale), which the mail templates read as
--    .Data.locale (supabase/templates/).
-- 4. Supabase Cron (pg_cron + pg_net, 20261202740200) calls the functions on a hosted project.

alter table public.digest_settings
  add column answer_mail boolean not null default false;
comment on column public.digest_settings.answer_mail is
  'The person wants an e-mail when the team answers their idea publicly (answer-mail function).';
grant insert (answer_mail), update (answer_mail) on public.digest_settings to authenticated;

create table private.mail_queue (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('answer')),
  user_id uuid not null references public.profiles (id) on delete cascade,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  idea_update_id uuid not null unique references public.idea_updates (id) on delete cascade,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
alter table private.mail_queue enable row level security;
comment on table private.mail_queue is
  'Mails waiting for the answer-mail Edge Function; sent_at is set once the provider took the mail.';
create index mail_queue_unsent_idx on private.mail_queue (created_at) where sent_at is null;
create index mail_queue_user_id_idx on private.mail_queue (user_id);
create index mail_queue_idea_id_idx on private.mail_queue (idea_id);
revoke all on private.mail_queue from public, anon, authenticated;

create table private.mail_log (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('digest', 'answer')),
  user_id uuid references public.profiles (id) on delete cascade,
  error text not null,
  at timestamptz not null default now()
);
alter table private.mail_log enable row level security;
comment on table private.mail_log is
  'Failed sends of the mail functions: who, when and what the mail provider said. Kept 90 days.';
create index mail_log_user_id_idx on private.mail_log (user_id);
revoke all on private.mail_log from public, anon, authenticated;

create or replace function private.queue_answer_mail()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.mail_queue (kind, user_id, idea_id, idea_update_id)
  select 'answer', i.author_id, i.id, new.id
    from public.ideas i
    join public.digest_settings s on s.user_id = i.author_id and s.answer_mail
   where i.id = new.idea_id
     and i.author_id is distinct from new.author_id
     and i.withdrawn_at is null
  on conflict (idea_update_id) do nothing;
  return null;
end
$$;
revoke execute on function private.queue_answer_mail() from public, anon, authenticated;

create trigger idea_updates_queue_answer_mail after insert on public.idea_updates
  for each row execute function private.queue_answer_mail();

-- The language a person chose, where Auth's mail templates can read it.
create or replace function private.copy_locale_to_user_metadata()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update auth.users
     set raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb)
                              || jsonb_build_object('locale', new.locale)
   where id = new.id
     and raw_user_meta_data ->> 'locale' is distinct from new.locale;
  return null;
end
$$;
revoke execute on function private.copy_locale_to_user_metadata() from public, anon, authenticated;

create trigger profiles_copy_locale_to_user_metadata
  after insert or update of locale on public.profiles
  for each row execute function private.copy_locale_to_user_metadata();

-- People who signed up before this migration: their saved language into their metadata now.
update auth.users u
   set raw_user_meta_data = coalesce(u.raw_user_meta_data, '{}'::jsonb)
                            || jsonb_build_object('locale', p.locale)
  from public.profiles p
 where p.id = u.id
   and u.raw_user_meta_data ->> 'locale' is distinct from p.locale;
