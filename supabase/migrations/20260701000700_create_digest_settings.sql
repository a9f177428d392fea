-- Opt-in e-mail digest of unread messages (berichten). `npm run digest` (scripts/digest.ts) sends
-- it, daily or weekly, and records when it last did.
create table public.digest_settings (
  user_id uuid primary key default auth.uid() references public.profiles (id) on delete cascade,
  frequency text not null default 'off' check (frequency in ('off', 'daily', 'weekly')),
  last_sent_at timestamptz,
  updated_at timestamptz not null default now()
);
alter table public.digest_settings enable row level security;
comment on table public.digest_settings is 'Per person: whether and how often they get an e-mail with their unread berichten. last_sent_at is written by the digest job only.';

create trigger digest_settings_set_updated_at
  before update on public.digest_settings
  for each row execute function private.set_updated_at();

revoke all on public.digest_settings from anon, authenticated;
grant select on public.digest_settings to authenticated;
grant insert (user_id, frequency) on public.digest_settings to authenticated;
grant update (frequency) on public.digest_settings to authenticated;

create policy digest_settings_select_own on public.digest_settings for select to authenticated
  using (user_id = (select auth.uid()));
create policy digest_settings_insert_own on public.digest_settings for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy digest_settings_update_own on public.digest_settings for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
