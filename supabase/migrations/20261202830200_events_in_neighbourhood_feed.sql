-- "Mijn buurten" shows the agenda too: a new event in a followed buurt, and the same event again
-- when its time or place changed or it was cancelled (events.changed_at). One row per event, at
-- its latest news. starts_at is new in the result, so the function is dropped and made again.
-- Restates neighbourhood_feed from 20260701000600_create_neighbourhood_feed.sql (the latest).
drop function public.neighbourhood_feed(integer);

-- security invoker: the follows, ideas, comments and events policies decide what a person gets,
-- so hidden ideas, comments and events never show up for someone who may not see them.
create function public.neighbourhood_feed(max_items integer default 100)
returns table (
  kind text, id uuid, idea_id uuid, neighbourhood_id uuid, idea_title text,
  excerpt text, status public.idea_status, author_id uuid, at timestamptz, unread boolean,
  starts_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  with mine as (
    select f.neighbourhood_id, f.seen_at from public.follows f
     where f.user_id = (select auth.uid()) and f.neighbourhood_id is not null
  ),
  items as (
    select 'idea'::text as kind, i.id, i.id as idea_id, i.neighbourhood_id, i.title as idea_title,
           left(i.body, 240) as excerpt, i.status, i.author_id, i.created_at as at,
           null::timestamptz as starts_at
      from public.ideas i join mine m on m.neighbourhood_id = i.neighbourhood_id
    union all
    select 'comment', c.id, i.id, i.neighbourhood_id, i.title, left(c.body, 240), null, c.author_id, c.created_at, null
      from public.comments c
      join public.ideas i on i.id = c.idea_id
      join mine m on m.neighbourhood_id = i.neighbourhood_id
     where c.hidden_at is null
    union all
    select 'update', u.id, i.id, i.neighbourhood_id, i.title, left(u.message, 240), u.status, u.author_id, u.created_at, null
      from public.idea_updates u
      join public.ideas i on i.id = u.idea_id
      join mine m on m.neighbourhood_id = i.neighbourhood_id
    union all
    -- Only the public side of an event: never event_addresses, never who signed up.
    select case when e.cancelled_at is not null then 'event_cancelled'
                when e.changed_at is not null then 'event_changed'
                else 'event' end,
           e.id, null, e.neighbourhood_id, e.title, left(e.description, 240), null, e.organiser_id,
           coalesce(e.changed_at, e.created_at), e.starts_at
      from public.events e join mine m on m.neighbourhood_id = e.neighbourhood_id
     where e.hidden_at is null
  )
  select it.kind, it.id, it.idea_id, it.neighbourhood_id, it.idea_title, it.excerpt, it.status, it.author_id, it.at,
         it.at > m.seen_at and it.author_id is distinct from (select auth.uid()) as unread,
         it.starts_at
    from items it join mine m on m.neighbourhood_id = it.neighbourhood_id
   order by it.at desc
   limit least(greatest(coalesce(max_items, 100), 1), 500)
$$;
comment on function public.neighbourhood_feed(integer) is
  'The signed-in person''s feed of new ideas, comments, status answers and events (new, changed, cancelled) in the buurten they follow, newest first; unread = newer than their last look.';

revoke execute on function public.neighbourhood_feed(integer) from public, anon;
grant execute on function public.neighbourhood_feed(integer) to authenticated, service_role;
