-- /initiatieven is searchable like the ideas list: a Dutch full-text vector on the name, the
-- description and when the group meets (the app builds the query with lib/dutchSearch.ts).
alter table public.initiatives add column search tsvector generated always as (
  setweight(to_tsvector('dutch'::regconfig, coalesce(name, '')), 'A')
  || setweight(to_tsvector('dutch'::regconfig, coalesce(description, '')), 'B')
  || setweight(to_tsvector('dutch'::regconfig, coalesce(meets, '')), 'C')
) stored;
create index initiatives_search_idx on public.initiatives using gin (search);
