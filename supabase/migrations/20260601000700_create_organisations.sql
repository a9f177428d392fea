create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (char_length(name) between 2 and 120),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  kind text not null default 'other'
    check (kind in ('municipality', 'welfare', 'housing', 'education', 'care', 'culture', 'government', 'residents', 'other')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.organisations enable row level security;
comment on table public.organisations is 'Partner organisations of the Pact Woensel Zuid.';

create trigger organisations_set_updated_at
  before update on public.organisations
  for each row execute function private.set_updated_at();

revoke all on public.organisations from anon;
grant select on public.organisations to anon;
