-- Abuse limits, kept in one place. Change a number here (or with an update in production) and
-- every trigger follows. Not reachable through the API.
create table private.limits (
  action text primary key,
  max_count integer not null check (max_count > 0),
  per interval not null check (per > interval '0')
);
comment on table private.limits is 'Rate limits per person: at most max_count actions of a kind within `per`.';

insert into private.limits (action, max_count, per) values
  ('ideas', 5, interval '1 hour'),
  ('comments', 30, interval '1 hour'),
  ('reports', 10, interval '1 hour'),
  ('votes', 120, interval '1 minute'),
  ('partner_requests', 3, interval '1 day');

-- Raises `rate_limited: <action>` when `recent` (the count of the caller's actions of this kind
-- within the window, including the one being made) is over the limit.
create or replace function private.enforce_limit(p_action text, p_recent bigint)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  lim private.limits;
begin
  select * into lim from private.limits where action = p_action;
  if found and p_recent > lim.max_count then
    raise exception using
      errcode = 'P0001',
      message = 'rate_limited: ' || p_action,
      detail = pg_catalog.format('At most %s per %s.', lim.max_count, lim.per),
      hint = 'rate_limited';
  end if;
end
$$;

create or replace function private.limit_window(p_action text)
returns interval
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select per from private.limits where action = p_action), interval '0')
$$;

-- Called from security invoker triggers, so the API roles need them.
grant execute on function private.enforce_limit(text, bigint) to authenticated, service_role;
grant execute on function private.limit_window(text) to authenticated, service_role;
