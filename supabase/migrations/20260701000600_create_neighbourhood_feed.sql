-- "Mijn buurten": what happens in the buurten a person follows (new ideas, comments, the team's
-- answers), newest first, with how much is new since they last looked at each buurt.
-- follows.seen_at is when the person last opened that buurt's feed.
alter table public.follows add column seen_at timestamptz not null default now();
comment on column public.follows.seen_at is 'When the person last looked at this buurt in their feed; newer items count as unread.';
grant update (seen_at) on public.follows to authenticated;
create policy follows_update_own on public.follows for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- security invoker: the follows, ideas and comments policies decide what a person gets, so
-- hidden ideas and comments never show up for someone who may not see them.
create or replace function public.neighbourhood_feed(max_items integer default 100)
returns table (
  kind text, id uuid, idea_id uuid, neighbourhood_id uuid, idea_title text,
  excerpt text, status public.idea_status, author_id uuid, at timestamptz, unread boolean
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
           left(i.body, 240) as excerpt, i.status, i.author_id, i.created_at as at
      from public.ideas i join mine m on m.neighbourhood_id = i.neighbourhood_id
    union all
    select 'comment', c.id, i.id, i.neighbourhood_id, i.title, left(c.body, 240), null, c.author_id, c.created_at
      from public.comments c
      join public.ideas i on i.id = c.idea_id
      join mine m on m.neighbourhood_id = i.neighbourhood_id
     where c.hidden_at is null
    union all
    select 'update', u.id, i.id, i.neighbourhood_id, i.title, left(u.message, 240), u.status, u.author_id, u.created_at
      from public.idea_updates u
      join public.ideas i on i.id = u.idea_id
      join mine m on m.neighbourhood_id = i.neighbourhood_id
  )
  select it.kind, it.id, it.idea_id, it.neighbourhood_id, it.idea_title, it.excerpt, it.status, it.author_id, it.at,
         it.at > m.seen_at and it.author_id is distinct from (select auth.uid()) as unread
    from items it join mine m on m.neighbourhood_id = it.neighbourhood_id
   order by it.at desc
   limit least(greatest(coalesce(max_items, 100), 1), 500)
$$;
comment on function public.neighbourhood_feed(integer) is
  'The signed-in person''s feed of new ideas, comments and status answers in the buurten they follow, newest first; unread = newer than their last look.';

revoke execute on function public.neighbourhood_feed(integer) from public, anon;
grant execute on function public.neighbourhood_feed(integer) to authenticated, service_role;
