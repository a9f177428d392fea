-- No votes on hidden, merged or closed ideas; at most 120 votes a minute.
-- Why an idea cannot take votes (null when it can). security definer: a voter must not see a
-- hidden idea, but the answer must still be "no".
create or replace function private.idea_vote_block(p_idea uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when i.hidden_at is not null then 'hidden'
    when i.status = 'merged' then 'merged'
    when i.status in ('done', 'not_feasible') then 'closed'
  end
  from public.ideas i where i.id = p_idea
$$;
grant execute on function private.idea_vote_block(uuid) to authenticated, service_role;

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

create trigger votes_before_insert before insert on public.votes
  for each row execute function private.votes_before_insert();

-- Exact counts under concurrency: the update takes the idea's row lock, so parallel votes queue.
create or replace function private.votes_count()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.ideas set vote_count = vote_count + 1 where id = new.idea_id;
  elsif tg_op = 'DELETE' then
    update public.ideas set vote_count = vote_count - 1 where id = old.idea_id;
  end if;
  return null;
end
$$;

create trigger votes_count after insert or delete on public.votes
  for each row execute function private.votes_count();
