// The row check of one role on one table, as SQL text for visible_batch (authorize-sql.ts) to
// prepare: which of a batch's row versions would a select by that role find under RLS? It
// evaluates the table's SELECT policies for the role, combined as Postgres does (any permissive
// one, and every restrictive one; none at all sees nothing), on the values each change carries,
// cast to the column types. So a version that only the author and the team may see (a hidden
// idea) is judged as hidden even when a later version of the row is visible by the time it is
// checked, and a version is still judged when the row has changed or gone since.

export const ROWS_SQL = `
-- The SELECT policies of rel that apply to role r, as one boolean expression over rel's columns;
-- 'true' when r bypasses RLS on rel.
create or replace function _realtime.policy_expr(rel oid, r text)
returns text
language plpgsql stable
set search_path = ''
as $fn$
declare
  permissive text;
  restrictive text;
begin
  if exists (
    select from pg_catalog.pg_roles ro, pg_catalog.pg_class c
     where ro.rolname = r and c.oid = rel
       and (ro.rolbypassrls or not c.relrowsecurity
            or (pg_catalog.pg_has_role(r, c.relowner, 'USAGE') and not c.relforcerowsecurity))
  ) then
    return 'true';
  end if;
  select string_agg('(' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', ' or ')
           filter (where p.polpermissive),
         string_agg('(' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', ' and ')
           filter (where not p.polpermissive)
    into permissive, restrictive
    from pg_catalog.pg_policy p
   where p.polrelid = rel
     and p.polcmd in ('r', '*')
     and p.polqual is not null
     and (0 = any (p.polroles)
          or exists (select from unnest(p.polroles) pr where pg_catalog.pg_has_role(r, pr, 'USAGE')));
  return '(' || coalesce(permissive, 'false') || ')' || coalesce(' and (' || restrictive || ')', '');
end
$fn$;

-- The query: $1 is a jsonb array of {column: text value}; the result, the 0-based indexes of the
-- visible ones. Each version becomes a row named like the table, so that the policies' column
-- references (bare, or qualified with the table's name inside their subqueries) read it.
create or replace function _realtime.row_check(rel oid, r text)
returns text
language sql stable
set search_path = ''
as $fn$
  select format(
    'select coalesce(jsonb_agg(_rt_k._rt_i - 1), ''[]'') '
    'from jsonb_array_elements($1) with ordinality _rt_k(_rt_v, _rt_i) '
    'cross join lateral (select %s) as %I where %s',
    (select string_agg(
              format('(_rt_k._rt_v ->> %L)::%s as %I', a.attname,
                     pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname),
              ', ' order by a.attnum)
       from pg_catalog.pg_attribute a
      where a.attrelid = rel and a.attnum > 0 and not a.attisdropped),
    (select c.relname from pg_catalog.pg_class c where c.oid = rel),
    _realtime.policy_expr(rel, r))
$fn$;

revoke all on function _realtime.policy_expr(oid, text) from public;
`
