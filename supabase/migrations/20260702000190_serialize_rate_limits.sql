-- The per-person limits (ideas, comments, votes, reports, partner requests) count the person's
-- recent rows and refuse one over the limit. Under read committed, parallel requests of one person
-- each counted only the rows committed before them, so a script sending 50 comments at once got
-- 31-37 through instead of 30. A transaction-scoped advisory lock per person and action, taken in
-- a trigger that fires before the counting one (triggers fire in name order: `_a_` < `_before_`),
-- makes those requests count one after the other. Other people are not blocked.
create or replace function private.serialize_rate_limit()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_caller() then
    perform pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtext('rate_limit:' || tg_argv[0]),
      pg_catalog.hashtext(coalesce((select auth.uid())::text, ''))
    );
  end if;
  return new;
end
$$;
comment on function private.serialize_rate_limit() is
  'Before-insert trigger: serialises one person''s inserts of one kind, so the rate limit count that follows is exact.';

create trigger ideas_a_serialize_rate_limit before insert on public.ideas
  for each row execute function private.serialize_rate_limit('ideas');
create trigger comments_a_serialize_rate_limit before insert on public.comments
  for each row execute function private.serialize_rate_limit('comments');
create trigger votes_a_serialize_rate_limit before insert on public.votes
  for each row execute function private.serialize_rate_limit('votes');
create trigger reports_a_serialize_rate_limit before insert on public.reports
  for each row execute function private.serialize_rate_limit('reports');
create trigger partner_requests_a_serialize_rate_limit before insert on public.partner_requests
  for each row execute function private.serialize_rate_limit('partner_requests');
