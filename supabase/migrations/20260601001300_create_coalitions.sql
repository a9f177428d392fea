create table public.coalitions (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 3 and 120),
  description text not null default '' check (char_length(description) <= 5000),
  theme_id uuid references public.themes (id) on delete set null,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.coalitions enable row level security;
comment on table public.coalitions is 'Coalitie: a group of residents and organisations that work on ideas together.';

create index coalitions_theme_id_idx on public.coalitions (theme_id);
create index coalitions_created_by_idx on public.coalitions (created_by);

create trigger coalitions_set_updated_at
  before update on public.coalitions
  for each row execute function private.set_updated_at();

revoke all on public.coalitions from anon;
grant select on public.coalitions to anon;
revoke insert, update on public.coalitions from authenticated;
grant insert (id, name, description, theme_id) on public.coalitions to authenticated;
grant update (name, description, theme_id) on public.coalitions to authenticated;

alter table public.coalitions alter column created_by set default auth.uid();

create policy coalitions_select_all on public.coalitions for select to anon, authenticated using (true);
create policy coalitions_insert_moderator on public.coalitions for insert to authenticated with check ((select private.is_moderator()));
create policy coalitions_update_moderator on public.coalitions for update to authenticated using ((select private.is_moderator())) with check ((select private.is_moderator()));
create policy coalitions_delete_moderator on public.coalitions for delete to authenticated using ((select private.is_moderator()));
