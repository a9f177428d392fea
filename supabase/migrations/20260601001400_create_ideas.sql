create table public.ideas (
  id uuid primary key default gen_random_uuid(),
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  title text not null,
  body text not null,
  kind public.idea_kind not null default 'idea',
  theme_id uuid not null references public.themes (id),
  neighbourhood_id uuid not null references public.neighbourhoods (id),
  status public.idea_status not null default 'new',
  coalition_id uuid references public.coalitions (id) on delete set null,
  vote_count integer not null default 0 check (vote_count >= 0),
  comment_count integer not null default 0 check (comment_count >= 0),
  merged_into_id uuid references public.ideas (id) on delete set null,
  lat numeric(8, 6),
  lng numeric(8, 6),
  hidden_at timestamptz,
  hidden_reason text,
  hidden_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('dutch'::regconfig, coalesce(body, '')), 'B')
  ) stored,
  constraint ideas_title_length check (char_length(title) between 5 and 120),
  constraint ideas_body_length check (char_length(body) between 20 and 5000),
  constraint ideas_location_pair check ((lat is null) = (lng is null)),
  constraint ideas_location_in_eindhoven check (lat between 51.38 and 51.52 and lng between 5.36 and 5.58),
  constraint ideas_merged_has_target check ((status = 'merged') = (merged_into_id is not null)),
  constraint ideas_not_merged_into_self check (merged_into_id <> id),
  constraint ideas_hidden_has_reason check (hidden_at is null or hidden_reason is not null)
);
alter table public.ideas enable row level security;
comment on table public.ideas is 'Ideas, initiatives and questions of residents. A client may supply the id so that retries do not duplicate.';
comment on column public.ideas.author_id is 'Null when the author deleted their account (the UI shows "Oud-deelnemer").';
comment on column public.ideas.search is 'Dutch full-text vector of title (A) and body (B); query with textSearch(''search'', q, { config: ''dutch'', type: ''websearch'' }).';
comment on column public.ideas.lat is 'Optional location (WGS84), within Eindhoven.';

create index ideas_author_id_idx on public.ideas (author_id);
create index ideas_theme_id_idx on public.ideas (theme_id);
create index ideas_neighbourhood_id_created_at_idx on public.ideas (neighbourhood_id, created_at desc);
create index ideas_coalition_id_idx on public.ideas (coalition_id);
create index ideas_merged_into_id_idx on public.ideas (merged_into_id);
create index ideas_created_at_idx on public.ideas (created_at desc);
create index ideas_status_idx on public.ideas (status, created_at desc);
create index ideas_hidden_at_idx on public.ideas (hidden_at) where hidden_at is not null;
create index ideas_search_idx on public.ideas using gin (search);
create index ideas_title_trgm_idx on public.ideas using gin (title extensions.gin_trgm_ops);

create trigger ideas_set_updated_at
  before update on public.ideas
  for each row execute function private.set_updated_at();

-- What the API may touch. Everything else (status, counts, coalition, merge, hiding) changes
-- through triggers and security definer functions only.
revoke all on public.ideas from anon, authenticated;
grant select on public.ideas to anon, authenticated;
grant insert (id, title, body, kind, theme_id, neighbourhood_id, lat, lng) on public.ideas to authenticated;
grant update (title, body) on public.ideas to authenticated;
grant delete on public.ideas to authenticated;

-- Hidden ideas are visible only to their author and the team.
create policy ideas_select_anon on public.ideas for select to anon using (hidden_at is null);
create policy ideas_select_authenticated on public.ideas for select to authenticated
  using (hidden_at is null or author_id = (select auth.uid()) or (select private.is_moderator()));
create policy ideas_insert_author on public.ideas for insert to authenticated
  with check (author_id = (select auth.uid()));
create policy ideas_update_author on public.ideas for update to authenticated
  using (author_id = (select auth.uid())) with check (author_id = (select auth.uid()));
create policy ideas_delete_author on public.ideas for delete to authenticated
  using (author_id = (select auth.uid()));
