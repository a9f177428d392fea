-- Notifications are written by triggers, as the table owner: nobody can forge one.

-- Authors follow their own ideas; followers of the neighbourhood hear of the new idea.
create or replace function private.ideas_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.author_id is not null then
    insert into public.follows (user_id, idea_id) values (new.author_id, new.id)
    on conflict do nothing;
  end if;
  if new.hidden_at is null then
    insert into public.notifications (user_id, kind, idea_id)
    select f.user_id, 'new_idea_in_neighbourhood', new.id
      from public.follows f
     where f.neighbourhood_id = new.neighbourhood_id
       and f.user_id is distinct from new.author_id;
  end if;
  return null;
end
$$;

create trigger ideas_after_insert after insert on public.ideas
  for each row execute function private.ideas_after_insert();

-- A new comment notifies the followers of the idea, not the commenter.
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
       and f.user_id is distinct from new.author_id;
  end if;
  return null;
end
$$;

create trigger comments_after_insert after insert on public.comments
  for each row execute function private.comments_after_insert();

-- A status update reaches the author, the voters and the followers, once per person, never the
-- person who wrote the update.
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
   where r.user_id is distinct from new.author_id;
  return null;
end
$$;

create trigger idea_updates_after_insert after insert on public.idea_updates
  for each row execute function private.idea_updates_after_insert();
