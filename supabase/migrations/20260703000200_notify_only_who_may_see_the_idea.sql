-- Notifications about a hidden idea leaked that it was still alive: a comment by its author or a
-- status update by the team notified every follower and voter, and the notification row (kind,
-- idea_id, comment_id, idea_update_id, time) stayed readable after the idea was hidden.
-- Two fixes:
--   1. the triggers notify only people who may see the idea (not hidden, or its author, or the team);
--   2. a person reads only notifications whose idea and comment they may see now, so notifications
--      of an idea hidden later disappear (and come back when the team unhides it).
-- The exists() subqueries run under the ideas and comments policies; both are primary-key lookups.

create or replace function private.may_see_idea(p_user uuid, p_idea uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.ideas i
     where i.id = p_idea
       and (i.hidden_at is null
            or i.author_id = p_user
            or exists (select 1 from public.profiles p where p.id = p_user and p.role in ('moderator', 'admin')))
  )
$$;
comment on function private.may_see_idea(uuid, uuid) is
  'Whether a given person (not the caller) may see an idea: the ideas_select_* rule, for triggers that write on someone''s behalf.';
revoke execute on function private.may_see_idea(uuid, uuid) from public, anon, authenticated;

create or replace function private.comments_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.hidden_at is null then
    insert into public.notifications (user_id, kind, idea_id, comment_id)
    select f.user_id, 'new_comment', new.idea_id, new.id
      from public.follows f
     where f.idea_id = new.idea_id
       and f.user_id is distinct from new.author_id
       and private.may_see_idea(f.user_id, new.idea_id);
  end if;
  return null;
end
$$;

create or replace function private.idea_updates_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notifications (user_id, kind, idea_id, idea_update_id)
  select r.user_id, 'status_update', new.idea_id, new.id
    from (
      select i.author_id as user_id from public.ideas i where i.id = new.idea_id and i.author_id is not null
      union
      select v.user_id from public.votes v where v.idea_id = new.idea_id
      union
      select f.user_id from public.follows f where f.idea_id = new.idea_id
    ) r
   where r.user_id is distinct from new.author_id
     and private.may_see_idea(r.user_id, new.idea_id);
  return null;
end
$$;

drop policy if exists notifications_select_own on public.notifications;
create policy notifications_select_own on public.notifications for select to authenticated
  using (
    user_id = (select auth.uid())
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = notifications.idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = notifications.comment_id))
  );
