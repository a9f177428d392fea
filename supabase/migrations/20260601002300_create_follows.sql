create table public.follows (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  idea_id uuid references public.ideas (id) on delete cascade,
  neighbourhood_id uuid references public.neighbourhoods (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint follows_one_target check (num_nonnulls(idea_id, neighbourhood_id) = 1),
  constraint follows_user_idea_key unique (user_id, idea_id),
  constraint follows_user_neighbourhood_key unique (user_id, neighbourhood_id)
);
alter table public.follows enable row level security;
comment on table public.follows is 'A person follows an idea or a neighbourhood (exactly one). Private to that person.';

create index follows_idea_id_idx on public.follows (idea_id) where idea_id is not null;
create index follows_neighbourhood_id_idx on public.follows (neighbourhood_id) where neighbourhood_id is not null;

revoke all on public.follows from anon, authenticated;
grant select, delete on public.follows to authenticated;
grant insert (id, idea_id, neighbourhood_id) on public.follows to authenticated;

create policy follows_select_own on public.follows for select to authenticated using (user_id = (select auth.uid()));
create policy follows_insert_own on public.follows for insert to authenticated with check (user_id = (select auth.uid()));
create policy follows_delete_own on public.follows for delete to authenticated using (user_id = (select auth.uid()));
