-- After the team merged idea B into A and then hid A, anyone could read merged_into_id = A on B
-- while A itself answered as missing. A merge target cannot be deleted, so that dangling pointer
-- proved that A is hidden (and, since 20261202100200, that it was withdrawn).
--
-- Now the column merged_into_id is not readable through the API at all (column grants; every
-- other column of ideas stays readable, under the same row policies). merge_target(idea_id)
-- gives the pointer instead, only to a reader who may see both ideas; everyone else gets null,
-- and the idea page says calmly that the idea was merged into one that cannot be seen now.
-- Realtime follows the column grants, so change messages carry no pointer either.
--
-- The team cannot merge into a withdrawn idea: its votes and followers would move out of sight.
--
-- Mind: a column added to ideas later needs its own `grant select (column)` to be readable.

revoke select on public.ideas from anon, authenticated;
grant select (
  id, author_id, title, body, kind, theme_id, neighbourhood_id, status, coalition_id, vote_count,
  comment_count, lat, lng, hidden_at, hidden_reason, hidden_by, created_at, updated_at, search,
  channel, recorded_by, withdrawn_at, text_erased_at
) on public.ideas to anon, authenticated;

create or replace function public.merge_target(idea_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select i.merged_into_id
    from public.ideas i
   where i.id = merge_target.idea_id
     and i.merged_into_id is not null
     and private.may_see_idea((select auth.uid()), i.id)
     and private.may_see_idea((select auth.uid()), i.merged_into_id)
$$;
comment on function public.merge_target(uuid) is
  'The idea a merged idea was merged into, when the caller may see both; else null.';
revoke execute on function public.merge_target(uuid) from public;
grant execute on function public.merge_target(uuid) to anon, authenticated, service_role;

create or replace function public.merge_idea(duplicate uuid, original uuid, message text)
returns public.idea_updates
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  msg text := private.clean_text(message);
  dup public.ideas;
  orig public.ideas;
  result public.idea_updates;
  moved_votes integer;
begin
  if duplicate = original then
    raise exception using errcode = 'P0001', message = 'merge_same_idea';
  end if;
  -- Lock both in a fixed order so that two merges cannot deadlock.
  perform 1 from public.ideas i where i.id in (duplicate, original) order by i.id for update;
  select * into dup from public.ideas i where i.id = duplicate;
  select * into orig from public.ideas i where i.id = original;
  if dup.id is null or orig.id is null then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  if dup.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'idea_is_merged', detail = 'The duplicate was merged already.';
  end if;
  if dup.withdrawn_at is not null or orig.withdrawn_at is not null then
    raise exception using errcode = 'P0001', message = 'merge_withdrawn',
      detail = 'A withdrawn idea cannot be merged, nor can an idea be merged into it.';
  end if;
  if orig.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'merge_into_merged', detail = 'Merge into the idea it was merged into.';
  end if;
  if coalesce(char_length(msg), 0) < 20 then
    raise exception using errcode = 'P0001', message = 'status_message_too_short';
  end if;

  -- The trail first, so that the duplicate's voters and followers hear of it.
  insert into public.idea_updates (idea_id, status, message, author_id)
  values (dup.id, 'merged', msg, uid)
  returning * into result;

  -- Votes move without doubles; the count triggers keep both counts exact.
  insert into public.votes (idea_id, user_id, created_at)
  select orig.id, v.user_id, v.created_at from public.votes v where v.idea_id = dup.id
  on conflict do nothing;
  get diagnostics moved_votes = row_count;
  delete from public.votes v where v.idea_id = dup.id;

  insert into public.follows (user_id, idea_id, created_at)
  select f.user_id, orig.id, f.created_at from public.follows f where f.idea_id = dup.id
  on conflict do nothing;
  delete from public.follows f where f.idea_id = dup.id;

  update public.ideas i set status = 'merged', merged_into_id = orig.id where i.id = dup.id;

  perform private.log_moderation('merge', 'ideas', dup.id, msg,
    jsonb_build_object('into', orig.id, 'moved_votes', moved_votes));
  return result;
end
$$;

-- submit_idea runs as its caller and read whole idea rows (`select *`, `returning *`), which now
-- needs the column it may not read. It inserts as before (policies, column grants and limits of
-- the caller) and reads the saved row back through own_idea(), which returns only the caller's own
-- idea and never its merge pointer.
create or replace function private.own_idea(p_id uuid)
returns public.ideas
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  result public.ideas;
begin
  select * into result from public.ideas i
   where i.id = p_id and i.author_id = (select auth.uid()) and i.withdrawn_at is null;
  result.merged_into_id := null;
  return result;
end
$$;
comment on function private.own_idea(uuid) is
  'The caller''s own (not withdrawn) idea with this id, without its merge pointer; all fields null when there is none.';
revoke execute on function private.own_idea(uuid) from public, anon;
grant execute on function private.own_idea(uuid) to authenticated, service_role;

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
  result := private.own_idea(submit_idea.id);
  if result.id is not null then
    return result;
  end if;
  insert into public.ideas as i (id, title, body, kind, theme_id, neighbourhood_id, lat, lng)
  values (submit_idea.id, submit_idea.title, submit_idea.body, submit_idea.kind, submit_idea.theme_id,
          submit_idea.neighbourhood_id, submit_idea.lat, submit_idea.lng)
  on conflict on constraint ideas_pkey do nothing;
  -- Saved now, or a concurrent retry of the same idea won the race, or the id is someone else's.
  result := private.own_idea(submit_idea.id);
  if result.id is null then
    raise exception using errcode = '23505', message = 'idea_id_taken',
      detail = 'An idea with this id exists and is not yours.';
  end if;
  return result;
end
$$;
