-- What the team hid stays as it was. An author could still change the text of their hidden idea
-- or hidden comment (the update policies only ask who wrote the row, and a hidden row stays
-- visible to its author), so a hidden insult could be swapped for something harmless and the
-- team's reason would no longer match the text. Now the guard triggers refuse any change by an
-- API caller to a hidden idea (idea_hidden_by_team) or a hidden comment (comment_hidden_by_team).
-- The team's own functions (security definer) are not API callers and still work.
--
-- Deleting is covered elsewhere: comments were never deletable through the API, and ideas are
-- withdrawn instead of deleted from 20261202100200 on.

create or replace function private.ideas_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.title := private.clean_text(new.title);
  new.body := private.clean_text(new.body);
  if private.is_api_caller() then
    if old.hidden_at is not null then
      raise exception using errcode = 'P0001', message = 'idea_hidden_by_team',
        detail = 'The team hid this idea; it stays as it was.', hint = 'idea_hidden_by_team';
    end if;
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

create or replace function private.comments_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.body := private.clean_text(new.body);
  if private.is_api_caller() then
    if old.hidden_at is not null then
      raise exception using errcode = 'P0001', message = 'comment_hidden_by_team',
        detail = 'The team hid this comment; it stays as it was.', hint = 'comment_hidden_by_team';
    end if;
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
