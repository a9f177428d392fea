-- Idempotent submit: a client that retries with the same id gets its saved idea back instead of a
-- duplicate. security invoker: the ideas policies, column rules and limits apply as for an insert.
create or replace function public.submit_idea(
  id uuid,
  title text,
  body text,
  kind public.idea_kind,
  theme_id uuid,
  neighbourhood_id uuid,
  lat numeric default null,
  lng numeric default null
)
returns public.ideas
language plpgsql
security invoker
set search_path = ''
as $$
declare
  result public.ideas;
begin
  insert into public.ideas as i (id, title, body, kind, theme_id, neighbourhood_id, lat, lng)
  values (submit_idea.id, submit_idea.title, submit_idea.body, submit_idea.kind, submit_idea.theme_id,
          submit_idea.neighbourhood_id, submit_idea.lat, submit_idea.lng)
  on conflict on constraint ideas_pkey do nothing
  returning * into result;
  if result.id is null then
    select * into result from public.ideas i where i.id = submit_idea.id and i.author_id = (select auth.uid());
    if result.id is null then
      raise exception using errcode = '23505', message = 'idea_id_taken',
        detail = 'An idea with this id exists and is not yours.';
    end if;
  end if;
  return result;
end
$$;
comment on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric) is
  'Saves an idea with a client-chosen id. Same id and same author again returns the saved row (safe retries).';
revoke execute on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric) to authenticated, service_role;

-- "Lijkt op": visible, open ideas whose title resembles a draft title (trigram similarity).
create or replace function public.similar_ideas(draft_title text, neighbourhood uuid default null, max integer default 5)
returns table (id uuid, title text, status public.idea_status, neighbourhood_id uuid, vote_count integer, similarity real)
language sql
stable
security invoker
set search_path = ''
as $$
  select i.id, i.title, i.status, i.neighbourhood_id, i.vote_count,
         extensions.similarity(i.title, draft_title) as similarity
    from public.ideas i
   where i.hidden_at is null
     and i.status not in ('done', 'not_feasible', 'merged')
     and (similar_ideas.neighbourhood is null or i.neighbourhood_id = similar_ideas.neighbourhood)
     and char_length(coalesce(private.clean_text(draft_title), '')) >= 3
     and extensions.similarity(i.title, draft_title) >= 0.2
   order by similarity desc, i.vote_count desc
   limit least(greatest(coalesce(max, 5), 1), 20)
$$;
comment on function public.similar_ideas(text, uuid, integer) is
  'Visible open ideas whose title looks like draft_title (pg_trgm similarity >= 0.2), best first, at most 20.';
grant execute on function public.similar_ideas(text, uuid, integer) to anon, authenticated, service_role;
