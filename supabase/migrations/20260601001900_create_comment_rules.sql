create or replace function private.comments_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  parent public.comments;
  recent bigint;
begin
  new.body := private.clean_text(new.body);
  if new.parent_id is not null then
    select * into parent from public.comments c where c.id = new.parent_id;
    if found then
      if parent.parent_id is not null then
        raise exception using errcode = 'P0001', message = 'comment_reply_too_deep',
          detail = 'Replies go one level deep: reply to the first comment instead.';
      end if;
      if parent.idea_id <> new.idea_id then
        raise exception using errcode = 'P0001', message = 'comment_parent_other_idea',
          detail = 'A reply must be on the same idea as its comment.';
      end if;
    end if;
  end if;
  if private.is_api_caller() then
    new.hidden_at := null;
    new.hidden_reason := null;
    new.hidden_by := null;
    new.created_at := now();
    select count(*) + 1 into recent from public.comments c
     where c.author_id = new.author_id and c.created_at > now() - private.limit_window('comments');
    perform private.enforce_limit('comments', recent);
  end if;
  return new;
end
$$;

create or replace function private.comments_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.body := private.clean_text(new.body);
  if private.is_api_caller() then
    if new.idea_id is distinct from old.idea_id or new.parent_id is distinct from old.parent_id
       or new.author_id is distinct from old.author_id or new.created_at is distinct from old.created_at
       or new.hidden_at is distinct from old.hidden_at or new.hidden_reason is distinct from old.hidden_reason
       or new.hidden_by is distinct from old.hidden_by then
      raise exception using errcode = '42501', message = 'comment_field_protected',
        detail = 'Only the text of a comment can be changed.';
    end if;
    if new.body is distinct from old.body and old.created_at < now() - interval '15 minutes' then
      raise exception using errcode = 'P0001', message = 'comment_edit_window_closed',
        detail = 'A comment can be edited within 15 minutes.';
    end if;
  end if;
  return new;
end
$$;

create trigger comments_before_insert before insert on public.comments
  for each row execute function private.comments_before_insert();
create trigger comments_before_update before update on public.comments
  for each row execute function private.comments_before_update();

-- ideas.comment_count counts the visible (not hidden) comments, exactly: the update takes the
-- idea's row lock, so parallel comments queue.
create or replace function private.comments_count()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.hidden_at is null then
    update public.ideas set comment_count = comment_count + 1 where id = new.idea_id;
  elsif tg_op = 'DELETE' and old.hidden_at is null then
    update public.ideas set comment_count = comment_count - 1 where id = old.idea_id;
  elsif tg_op = 'UPDATE' and (old.hidden_at is null) <> (new.hidden_at is null) then
    update public.ideas set comment_count = comment_count + case when new.hidden_at is null then 1 else -1 end
     where id = new.idea_id;
  end if;
  return null;
end
$$;

create trigger comments_count after insert or delete or update of hidden_at on public.comments
  for each row execute function private.comments_count();
