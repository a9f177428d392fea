-- The rules of ideas that row-level security alone cannot say, with stable error keys.

create or replace function private.ideas_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  recent bigint;
begin
  new.title := private.clean_text(new.title);
  new.body := private.clean_text(new.body);
  if private.is_api_caller() then
    new.status := 'new';
    new.vote_count := 0;
    new.comment_count := 0;
    new.coalition_id := null;
    new.merged_into_id := null;
    new.hidden_at := null;
    new.hidden_reason := null;
    new.hidden_by := null;
    new.created_at := now();
    select count(*) + 1 into recent
      from public.ideas i
     where i.author_id = new.author_id
       and i.created_at > now() - private.limit_window('ideas');
    perform private.enforce_limit('ideas', recent);
  end if;
  return new;
end
$$;

create or replace function private.ideas_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.title := private.clean_text(new.title);
  new.body := private.clean_text(new.body);
  if private.is_api_caller() then
    if new.status is distinct from old.status
       or new.coalition_id is distinct from old.coalition_id
       or new.vote_count is distinct from old.vote_count
       or new.comment_count is distinct from old.comment_count
       or new.merged_into_id is distinct from old.merged_into_id
       or new.hidden_at is distinct from old.hidden_at
       or new.hidden_reason is distinct from old.hidden_reason
       or new.hidden_by is distinct from old.hidden_by
       or new.author_id is distinct from old.author_id
       or new.created_at is distinct from old.created_at then
      raise exception using errcode = '42501', message = 'idea_field_protected',
        detail = 'Status, counts, coalition, merge and hiding change only through the team''s functions.';
    end if;
    if (new.title is distinct from old.title or new.body is distinct from old.body) then
      if old.status <> 'new' then
        raise exception using errcode = 'P0001', message = 'idea_edit_not_new',
          detail = 'An idea can be edited only while it is new.';
      end if;
      if old.created_at < now() - interval '24 hours' then
        raise exception using errcode = 'P0001', message = 'idea_edit_window_closed',
          detail = 'An idea can be edited within 24 hours.';
      end if;
    end if;
  end if;
  return new;
end
$$;

-- Withdrawing: only while new and nobody else has voted. The author sees only their own vote,
-- so compare the public count with it.
create or replace function private.ideas_before_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  own_votes integer;
begin
  if private.is_api_caller() then
    if old.status <> 'new' then
      raise exception using errcode = 'P0001', message = 'idea_withdraw_not_new',
        detail = 'An idea can be withdrawn only while it is new.';
    end if;
    select count(*) into own_votes from public.votes v
     where v.idea_id = old.id and v.user_id = (select auth.uid());
    if old.vote_count > own_votes then
      raise exception using errcode = 'P0001', message = 'idea_withdraw_has_votes',
        detail = 'Others have voted on this idea.';
    end if;
  end if;
  return old;
end
$$;

create trigger ideas_before_insert before insert on public.ideas
  for each row execute function private.ideas_before_insert();
create trigger ideas_before_update before update on public.ideas
  for each row execute function private.ideas_before_update();
