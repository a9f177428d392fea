// The functions the Authorizer (authorize.ts) calls, installed in Postgres on start: who may
// see a change is decided there, like supabase/realtime's `realtime.apply_rls`. One call of
// `_realtime.visible_batch` checks a whole batch of changes of one table against many distinct
// sets of claims: for each set of claims it switches to the claims' role with
// `request.jwt.claims` set (transaction-local, as PostgREST does), asks whether that role may
// select the table and, under RLS, runs ONE `select` that finds which of the batch's row versions
// it may see: the table's SELECT policies for that role, evaluated on the values the change
// carries (authorize-rows-sql.ts), so the check and the payload are about the same version of
// the row, whatever happened to it since. Checking once per change and per listener cost
// ~0.12 ms each, i.e. 20-25 ms per change with 180 signed-in listeners: a batch shares that
// fixed cost among all its changes.
// A change can arrive before its transaction is visible: Postgres flushes the commit record, so
// the walsender may decode and send it, and only then takes the transaction out of the running
// set (ProcArrayEndTransaction). A row lookup in that window does not find the new row, and the
// change would silently be dropped for that claims value (one event in ~80,000 under load). So a
// check first waits until the batch's transactions are visible (_realtime.await_visible).
// The functions live in the private schema `_realtime`, owned by the superuser, with no grants
// to the API roles.

import { ROWS_SQL } from './authorize-rows-sql.ts'
import { POLICIES_SQL } from './policies-sql.ts'

/** Bump when SETUP_SQL changes, so that existing databases get the new functions. */
export const SETUP_VERSION = 'emmer realtime functions v7'

export const SETUP_SQL = `
create schema if not exists _realtime;
revoke all on schema _realtime from public;
${ROWS_SQL}
${POLICIES_SQL}

-- Table facts the server needs to shape a change: primary key, RLS, column type names.
create or replace function _realtime.table_info(rel oid)
returns table (rls boolean, pk text[], columns jsonb)
language sql stable
set search_path = ''
as $fn$
  select
    c.relrowsecurity,
    coalesce((
      select array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum))
      from pg_catalog.pg_index i
      join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
      where i.indrelid = c.oid and i.indisprimary
    ), '{}'),
    coalesce((
      select jsonb_object_agg(a.attname, t.typname)
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_type t on t.oid = a.atttypid
      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    ), '{}')
  from pg_catalog.pg_class c
  where c.oid = rel
$fn$;

-- The per-change check of v2, replaced by visible_batch.
drop function if exists _realtime.visible_to(oid, jsonb, jsonb[]);

-- The form of v4, without the transactions to wait for.
drop function if exists _realtime.visible_batch(oid, jsonb, jsonb[]);

-- Waits until every transaction in xids (32-bit ids, as the WAL stream gives them) is visible
-- to a new snapshot, so that the row lookups after it find what those transactions wrote.
-- Each statement of a volatile function in read committed takes a new snapshot; usually the
-- first already sees them all. False when timeout_ms passed first.
create or replace function _realtime.await_visible(xids bigint[], timeout_ms int)
returns boolean
language plpgsql volatile
set search_path = ''
as $fn$
declare
  deadline timestamptz := pg_catalog.clock_timestamp() + timeout_ms * interval '1 millisecond';
  snap pg_catalog.pg_snapshot;
  xmax bigint;
  x bigint;
  d bigint;
  fx bigint;
  visible boolean;
begin
  if xids is null then
    return true;
  end if;
  loop
    snap := pg_catalog.pg_current_snapshot();
    -- The full (64-bit) id of a 32-bit xid: the one nearest to the snapshot's xmax, which may
    -- lie above xmax (a transaction that has not completed for this snapshot: not visible).
    xmax := pg_catalog.pg_snapshot_xmax(snap)::text::bigint;
    visible := true;
    foreach x in array xids loop
      d := x - (xmax & 4294967295);
      if d >= 2147483648 then
        d := d - 4294967296;
      elsif d < -2147483648 then
        d := d + 4294967296;
      end if;
      fx := xmax + d;
      if fx >= 0 and not pg_catalog.pg_visible_in_snapshot(fx::text::pg_catalog.xid8, snap) then
        visible := false;
        exit;
      end if;
    end loop;
    if visible then
      return true;
    end if;
    if pg_catalog.clock_timestamp() >= deadline then
      return false;
    end if;
    perform pg_catalog.pg_sleep(0.001);
  end loop;
end
$fn$;

-- The batch form: for each claims value, may its role see the table (and which columns), and
-- which of these row versions (tuples: a jsonb array of {column: text value}, as the change carries them)
-- would a select under those claims find? One element per claims value: false (nothing), or
-- {"c": true | [columns], "v": [0-based indexes into tuples that are visible]}; "v" is null when
-- tuples is null (no check: tables without RLS, deletes).
-- Cost per claims value is what matters (one call may check 180 of them), so:
--  * role facts and the role's row check (its policies) are computed once per role;
--  * the row check is a session-level prepared statement (named after its text), so its plan
--    is cached, and it reads auth.uid() / the claims at execution;
--  * no subtransaction per claims value: the loop runs in one; only if something fails (a policy
--    that raises) is the call redone with one per claims value, so that the failure hides the
--    rows from that claims value only.
-- xids: the transactions of the changes behind tuples, waited for (at most 10 s) before the checks,
-- so that what the policies look up in other tables includes what those transactions wrote.
drop function if exists _realtime.visible_rows(jsonb[], jsonb[], text, boolean);

drop function if exists _realtime.visible_batch(oid, jsonb, jsonb[], bigint[]);

create or replace function _realtime.visible_batch(rel oid, tuples jsonb, claims jsonb[], xids bigint[])
returns jsonb
language plpgsql volatile
set search_path = ''
as $fn$
declare
  roles jsonb := '{}';
  checks jsonb := '{}';
  cols jsonb[] := '{}';
  lookups text[] := '{}';
  c jsonb;
  r text;
  x jsonb;
  q text;
  stmt text;
  result jsonb;
begin
  foreach c in array claims loop
    r := coalesce(c ->> 'role', 'anon');
    x := roles -> r;
    if x is null then
      -- Only roles the API may act as (PostgREST's authenticator can switch to them).
      if not exists (select from pg_catalog.pg_roles where rolname = r)
         or not pg_catalog.pg_has_role('authenticator', r, 'MEMBER') then
        x := 'false';
      elsif pg_catalog.has_table_privilege(r, rel, 'SELECT') then
        x := 'true';
      elsif pg_catalog.has_any_column_privilege(r, rel, 'SELECT') then
        select coalesce(jsonb_agg(a.attname order by a.attnum), '[]') into x
          from pg_catalog.pg_attribute a
          where a.attrelid = rel and a.attnum > 0 and not a.attisdropped
            and pg_catalog.has_column_privilege(r, rel, a.attnum, 'SELECT');
      else
        x := 'false';
      end if;
      roles := roles || jsonb_build_object(r, x);
      if tuples is not null and jsonb_array_length(tuples) > 0 and x <> 'false' then
        q := _realtime.row_check(rel, r);
        stmt := '_realtime_' || md5(q);
        if not exists (select from pg_catalog.pg_prepared_statements where name = stmt) then
          execute format('prepare %I(jsonb) as %s', stmt, q);
        end if;
        checks := checks || jsonb_build_object(r, format('execute %I(%L)', stmt, tuples));
      end if;
    end if;
    cols := cols || x;
    lookups := lookups || (checks ->> r);
  end loop;

  if tuples is not null and not _realtime.await_visible(xids, 10000) then
    raise warning 'realtime: transactions % still not visible after 10 s; checking anyway', xids;
  end if;

  begin
    result := _realtime.visible_rows(claims, cols, lookups, false);
  exception when others then
    result := _realtime.visible_rows(claims, cols, lookups, true);
  end;
  perform pg_catalog.set_config('role', 'none', true);
  perform pg_catalog.set_config('request.jwt.claims', '', true);
  return result;
end
$fn$;

-- The loop of visible_batch: lookups[i] is the EXECUTE of claims[i]'s role's row check (null =
-- none). safe = a subtransaction per claims value, so that one failing hides only its own rows.
create or replace function _realtime.visible_rows(claims jsonb[], cols jsonb[], lookups text[], safe boolean)
returns jsonb
language plpgsql volatile
set search_path = ''
as $fn$
declare
  result jsonb := '[]';
  vis jsonb;
  i int;
begin
  for i in 1 .. coalesce(array_length(claims, 1), 0) loop
    if cols[i] = 'false'::jsonb then
      result := result || '[false]'::jsonb;
      continue;
    end if;
    vis := null;
    if lookups[i] is not null then
      if safe then
        begin
          perform pg_catalog.set_config('role', coalesce(claims[i] ->> 'role', 'anon'), true);
          perform pg_catalog.set_config('request.jwt.claims', claims[i]::text, true);
          execute lookups[i] into vis;
          perform pg_catalog.set_config('role', 'none', true);
        exception when others then
          perform pg_catalog.set_config('role', 'none', true);
          vis := '[]';
        end;
      else
        perform pg_catalog.set_config('role', coalesce(claims[i] ->> 'role', 'anon'), true);
        perform pg_catalog.set_config('request.jwt.claims', claims[i]::text, true);
        execute lookups[i] into vis;
        perform pg_catalog.set_config('role', 'none', true);
      end if;
    end if;
    result := result || jsonb_build_array(jsonb_build_object('c', cols[i], 'v', vis));
  end loop;
  return result;
end
$fn$;

revoke all on function _realtime.table_info(oid) from public;
revoke all on function _realtime.await_visible(bigint[], int) from public;
revoke all on function _realtime.visible_batch(oid, jsonb, jsonb[], bigint[]) from public;
revoke all on function _realtime.visible_rows(jsonb[], jsonb[], text[], boolean) from public;
revoke all on function _realtime.row_check(oid, text) from public;
`
