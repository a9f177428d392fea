-- `private` holds helpers, trigger functions and settings that must never be reachable through the
-- API: PostgREST only exposes `public`. anon and authenticated get USAGE so that row-level security
-- policies can call the few helpers that are granted to them explicitly.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Functions are executable by PUBLIC by default; in `private` nothing is, unless granted below.
alter default privileges in schema private revoke execute on functions from public;
alter default privileges for role postgres in schema private revoke execute on functions from public;

comment on schema private is 'Helpers, trigger functions and settings of Emmer. Not exposed through the API.';

-- The roles of untrusted API callers. Guard triggers enforce rules only for them: security definer
-- functions (which run as their owner) and the service role are trusted.
create or replace function private.is_api_caller()
returns boolean
language sql
stable
set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
$$;
comment on function private.is_api_caller() is
  'True when the current SQL role is an untrusted API role (anon, authenticated), i.e. not inside a security definer function or the service role.';
grant execute on function private.is_api_caller() to anon, authenticated, service_role;

-- Keeps updated_at honest on every table that has it.
create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Trims the usual white space, including line breaks and non-breaking spaces, at both ends.
create or replace function private.clean_text(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(pg_catalog.btrim(value, E' \t\r\n\u00a0'), '') 
$$;
grant execute on function private.clean_text(text) to anon, authenticated, service_role;
