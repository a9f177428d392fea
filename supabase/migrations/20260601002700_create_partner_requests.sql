create table public.partner_requests (
  id uuid primary key default gen_random_uuid(),
  profile_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  message text check (char_length(message) <= 1000),
  status public.partner_request_status not null default 'pending',
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid references public.profiles (id) on delete set null
);
alter table public.partner_requests enable row level security;
comment on table public.partner_requests is 'A person asks to be linked to an organisation; pending until an admin approves (approve_partner_request) or rejects it.';

create unique index partner_requests_one_pending_idx on public.partner_requests (profile_id) where status = 'pending';
create index partner_requests_profile_id_idx on public.partner_requests (profile_id);
create index partner_requests_organisation_id_idx on public.partner_requests (organisation_id);
create index partner_requests_decided_by_idx on public.partner_requests (decided_by);

revoke all on public.partner_requests from anon, authenticated;
grant select on public.partner_requests to authenticated;
grant insert (id, organisation_id, message) on public.partner_requests to authenticated;
grant delete on public.partner_requests to authenticated;

create policy partner_requests_select_own_or_admin on public.partner_requests for select to authenticated
  using (profile_id = (select auth.uid()) or (select private.is_admin()));
create policy partner_requests_insert_own on public.partner_requests for insert to authenticated
  with check (profile_id = (select auth.uid()) and status = 'pending');
-- A person may take back their own request while it is pending.
create policy partner_requests_delete_own on public.partner_requests for delete to authenticated
  using (profile_id = (select auth.uid()) and status = 'pending');

create or replace function private.partner_requests_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  recent bigint;
begin
  new.message := private.clean_text(new.message);
  if private.is_api_caller() then
    new.status := 'pending';
    new.created_at := now();
    new.decided_at := null;
    new.decided_by := null;
    select count(*) + 1 into recent from public.partner_requests r
     where r.profile_id = new.profile_id and r.created_at > now() - private.limit_window('partner_requests');
    perform private.enforce_limit('partner_requests', recent);
  end if;
  return new;
end
$$;

create trigger partner_requests_before_insert before insert on public.partner_requests
  for each row execute function private.partner_requests_before_insert();
