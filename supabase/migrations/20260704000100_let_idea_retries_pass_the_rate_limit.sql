-- A retry of an idea that was already saved (the answer got lost on a bad connection) must give
-- back the saved idea, also when the person has reached the hourly limit since. Before, the
-- insert's rate-limit trigger ran before ON CONFLICT noticed the existing row, so the retry was
-- refused with rate_limited: ideas although nothing new would be stored.
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
  select * into result from public.ideas i where i.id = submit_idea.id and i.author_id = (select auth.uid());
  if result.id is not null then
    return result;
  end if;
  insert into public.ideas as i (id, title, body, kind, theme_id, neighbourhood_id, lat, lng)
  values (submit_idea.id, submit_idea.title, submit_idea.body, submit_idea.kind, submit_idea.theme_id,
          submit_idea.neighbourhood_id, submit_idea.lat, submit_idea.lng)
  on conflict on constraint ideas_pkey do nothing
  returning * into result;
  if result.id is null then
    -- A concurrent retry of the same idea won the race, or the id is someone else's.
    select * into result from public.ideas i where i.id = submit_idea.id and i.author_id = (select auth.uid());
    if result.id is null then
      raise exception using errcode = '23505', message = 'idea_id_taken',
        detail = 'An idea with this id exists and is not yours.';
    end if;
  end if;
  return result;
end
$$;
