-- What a card in the idea list shows, in one relation: the idea's summary with its theme, buurt
-- and author already joined. Cards now show who wrote an idea, as the idea page does, and need no
-- lookups for their theme and buurt.
--
-- Why views, and why two: PostgREST parses every name in a request's `select` (about 40 µs per
-- column in PostgREST 12.0.2, seen with its server-timing header) and runs each embedded relation
-- as a lateral subquery. So the list reads a view with exactly the card's columns, with `select=*`.
-- A search must filter on the full-text vector, which the card must not download; searches read
-- searchable_idea_cards, the same rows with `search`, and name the card's columns.
--
-- security_invoker: a reader sees exactly the rows the ideas policies let them see (hidden ideas
-- only for their author and the team), and only the public columns of profiles.
create or replace view public.searchable_idea_cards
with (security_invoker = true)
as
select i.id, i.title, i.body, i.kind, i.status, i.theme_id, i.neighbourhood_id, i.vote_count,
       i.comment_count, i.author_id, i.coalition_id, i.created_at,
       t.slug as theme_slug, n.name as neighbourhood_name,
       p.display_name as author_name, p.organisation_id as author_organisation_id,
       i.search
  from public.ideas i
  join public.themes t on t.id = i.theme_id
  join public.neighbourhoods n on n.id = i.neighbourhood_id
  left join public.profiles p on p.id = i.author_id;
comment on view public.searchable_idea_cards is
  'idea_cards with the full-text vector, for searching the list. Same visibility as ideas (security_invoker).';

create or replace view public.idea_cards
with (security_invoker = true)
as
select id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count,
       author_id, coalition_id, created_at, theme_slug, neighbourhood_name, author_name,
       author_organisation_id
  from public.searchable_idea_cards;
comment on view public.idea_cards is
  'One row per idea card in the list: summary, theme, buurt and author name. Same visibility as ideas (security_invoker).';

revoke all on public.searchable_idea_cards, public.idea_cards from anon, authenticated;
grant select on public.searchable_idea_cards, public.idea_cards to anon, authenticated, service_role;
