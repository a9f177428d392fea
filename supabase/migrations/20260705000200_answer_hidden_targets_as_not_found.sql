-- A hidden idea must look exactly like an idea that does not exist to everyone who may not see it.
-- Two inserts still told them apart:
--
--   1. Votes. The vote rule answered `idea_not_votable: hidden` to anyone, while a vote on an id
--      that does not exist failed on the foreign key. So whoever had the id of a hidden idea learned
--      that it still exists and that the team hid it.
--   2. Replies. comments_before_insert looks the parent up as the caller, so a parent the caller
--      may not see (a hidden comment, or any comment of a hidden idea) was simply not found and the
--      checks were skipped; the foreign key (which ignores RLS) then accepted the reply, even under
--      another idea than its parent's. A parent id that does not exist failed on the foreign key.
--
-- Now both give one answer for "missing" and "not yours to see": idea_not_found or
-- comment_not_found, with errcode 23503 (foreign_key_violation, what a missing target is, and
-- HTTP 409 through PostgREST like the real foreign-key error). The author and the team, who may see
-- a hidden idea, still get `idea_not_votable: hidden`.
--
-- Comments on, follows of and reports about a hidden idea (or its comments) need no change: their
-- insert policies look the target up under RLS, so a hidden target and a missing one fail with the
-- same row-level security error. tests/db/hidden-not-found.test.ts compares every one of them.

create or replace function private.votes_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  block text;
  recent bigint;
begin
  if private.is_api_caller() then
    -- This trigger runs as the caller, so the ideas policies decide what "exists" means here.
    if not exists (select 1 from public.ideas i where i.id = new.idea_id) then
      raise exception using errcode = '23503', message = 'idea_not_found',
        detail = 'There is no idea with this id.', hint = 'idea_not_found';
    end if;
    block := private.idea_vote_block(new.idea_id);
    if block is not null then
      raise exception using errcode = 'P0001', message = 'idea_not_votable: ' || block,
        detail = 'Votes are closed for ideas that are hidden, merged, done or not feasible.',
        hint = 'idea_not_votable';
    end if;
    -- RLS shows the caller only their own votes, which is what the limit counts.
    select count(*) + 1 into recent from public.votes v
     where v.user_id = new.user_id and v.created_at > now() - private.limit_window('votes');
    perform private.enforce_limit('votes', recent);
  end if;
  return new;
end
$$;

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
    -- As the caller: a parent they may not see is a parent that is not there.
    select * into parent from public.comments c where c.id = new.parent_id;
    if not found then
      raise exception using errcode = '23503', message = 'comment_not_found',
        detail = 'There is no comment with this id.', hint = 'comment_not_found';
    end if;
    if parent.parent_id is not null then
      raise exception using errcode = 'P0001', message = 'comment_reply_too_deep',
        detail = 'Replies go one level deep: reply to the first comment instead.';
    end if;
    if parent.idea_id <> new.idea_id then
      raise exception using errcode = 'P0001', message = 'comment_parent_other_idea',
        detail = 'A reply must be on the same idea as its comment.';
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
