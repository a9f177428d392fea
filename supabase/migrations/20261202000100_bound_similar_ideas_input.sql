-- similar_ideas() is open to visitors (anon) and compared the whole draft_title with every open
-- idea's title. One call with a 1 MB title took about 1.5 s with 30 ideas; two dozen at once ended
-- in statement timeouts and slowed every other read. A title is at most 120 characters
-- (ideas_title_length), so the function now uses only the first 120 characters of the draft,
-- cut once before any other work: a longer draft costs what its first 120 characters cost, and
-- finds the same ideas.
create or replace function public.similar_ideas(draft_title text, neighbourhood uuid default null, max integer default 5)
returns table (id uuid, title text, status public.idea_status, neighbourhood_id uuid, vote_count integer, similarity real)
language sql
stable
security invoker
set search_path = ''
as $$
  select i.id, i.title, i.status, i.neighbourhood_id, i.vote_count,
         extensions.similarity(i.title, d.title) as similarity
    from (select private.clean_text(pg_catalog.left(similar_ideas.draft_title, 120)) as title) d
    join public.ideas i on true
   where pg_catalog.char_length(d.title) >= 3
     and i.hidden_at is null
     and i.status not in ('done', 'not_feasible', 'merged')
     and (similar_ideas.neighbourhood is null or i.neighbourhood_id = similar_ideas.neighbourhood)
     and extensions.similarity(i.title, d.title) >= 0.2
   order by similarity desc, i.vote_count desc
   limit least(greatest(coalesce(similar_ideas.max, 5), 1), 20)
$$;
comment on function public.similar_ideas(text, uuid, integer) is
  'Visible open ideas whose title looks like the first 120 characters of draft_title (pg_trgm similarity >= 0.2), best first, at most 20.';
