// The read check of private channels (policies.ts), in Postgres: many joins' checks in one round
// trip. For each request, in its own subtransaction that is always rolled back, as Supabase's
// Realtime.Tenants.Authorization does it in a transaction: insert one probe row per extension as
// the server's role, switch to the claims' role with `realtime.topic` and the claims set, and see
// which probes that role's SELECT policies on realtime.messages let it read. A failing policy
// denies only its own request. Only roles the API may act as (PostgREST's authenticator can switch
// to them) are checked; any other role is denied.
export const POLICIES_SQL = `
create or replace function _realtime.read_policies(requests jsonb)
returns jsonb
language plpgsql volatile
set search_path = ''
as $fn$
declare
  result jsonb := '[]';
  req jsonb;
  r text;
  ids uuid[];
  seen jsonb;
begin
  for req in select * from jsonb_array_elements(requests) loop
    r := coalesce(req -> 'claims' ->> 'role', '');
    seen := null;
    if exists (select from pg_catalog.pg_roles where rolname = r)
       and pg_catalog.pg_has_role('authenticator', r, 'MEMBER') then
      begin
        ids := array(select gen_random_uuid() from jsonb_array_elements_text(req -> 'ext'));
        insert into realtime.messages (id, topic, extension)
        select ids[e.n], req ->> 'topic', e.ext
          from jsonb_array_elements_text(req -> 'ext') with ordinality as e(ext, n);
        perform pg_catalog.set_config('role', r, true);
        perform pg_catalog.set_config('realtime.topic', req ->> 'topic', true);
        perform pg_catalog.set_config('request.jwt.claims', (req -> 'claims')::text, true);
        perform pg_catalog.set_config('request.jwt.claim.sub', coalesce(req -> 'claims' ->> 'sub', ''), true);
        perform pg_catalog.set_config('request.jwt.claim.role', r, true);
        perform pg_catalog.set_config('request.headers', '{}', true);
        execute 'select coalesce(jsonb_object_agg(m.extension, true), ''{}'')
                   from realtime.messages m where m.id = any($1)'
          into seen using ids;
        -- Undo the probes (and the role and settings) with the subtransaction.
        raise exception using errcode = 'RTPRB', message = 'probe done';
      exception
        when sqlstate 'RTPRB' then null;
        when others then
          raise warning 'realtime: policy check on % failed: %', req ->> 'topic', sqlerrm;
          seen := null;
      end;
    end if;
    result := result || jsonb_build_array(coalesce(seen, '{}'::jsonb));
  end loop;
  return result;
end
$fn$;
revoke all on function _realtime.read_policies(jsonb) from public;
`
