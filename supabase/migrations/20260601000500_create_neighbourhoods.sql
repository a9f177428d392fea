create table public.neighbourhoods (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (char_length(name) between 1 and 80),
  district text not null check (char_length(district) between 1 and 80),
  cbs_code text unique check (cbs_code ~ '^BU[0-9]{8}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.neighbourhoods enable row level security;
comment on table public.neighbourhoods is 'The buurten of Woensel-Zuid; district is the wijk, cbs_code the CBS buurtcode (BU + 8 digits).';
comment on column public.neighbourhoods.district is 'The wijk (Oud-Woensel, Erp, Begijnenbroek).';

create trigger neighbourhoods_set_updated_at
  before update on public.neighbourhoods
  for each row execute function private.set_updated_at();

revoke all on public.neighbourhoods from anon;
grant select on public.neighbourhoods to anon;
