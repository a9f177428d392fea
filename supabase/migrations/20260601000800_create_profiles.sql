create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 50),
  role public.app_role not null default 'resident',
  organisation_id uuid references public.organisations (id) on delete set null,
  neighbourhood_id uuid references public.neighbourhoods (id) on delete set null,
  locale text not null default 'nl' check (locale in ('nl', 'en', 'tr', 'ar', 'pl')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_partner_needs_organisation check (role <> 'partner' or organisation_id is not null)
);
alter table public.profiles enable row level security;
comment on table public.profiles is
  'One per auth.users row, created by trigger. display_name, role and organisation are public; '
  'neighbourhood_id and locale are readable only by the person (via my_profile()).';

create index profiles_organisation_id_idx on public.profiles (organisation_id);
create index profiles_neighbourhood_id_idx on public.profiles (neighbourhood_id);
create index profiles_role_idx on public.profiles (role) where role <> 'resident';

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

create or replace function private.clean_profile()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.display_name := coalesce(private.clean_text(new.display_name), '');
  return new;
end
$$;

create trigger profiles_clean
  before insert or update on public.profiles
  for each row execute function private.clean_profile();

-- Column privileges: everyone may read the public face of a profile; a person changes only their
-- own display name, neighbourhood and language. Role and organisation change through admin
-- functions only (set_role, approve_partner_request).
revoke all on public.profiles from anon, authenticated;
grant select (id, display_name, role, organisation_id, created_at) on public.profiles to anon, authenticated;
grant update (display_name, neighbourhood_id, locale) on public.profiles to authenticated;
