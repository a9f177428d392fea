create table public.themes (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  position smallint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.themes enable row level security;
comment on table public.themes is 'Themes of the Pact. Names are translated in the UI by slug.';

create trigger themes_set_updated_at
  before update on public.themes
  for each row execute function private.set_updated_at();

revoke all on public.themes from anon;
grant select on public.themes to anon;
