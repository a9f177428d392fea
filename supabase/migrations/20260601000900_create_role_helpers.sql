-- Helpers for policies. security definer so that they read profiles without recursing into RLS;
-- wrap them as `(select private.is_moderator())` so Postgres evaluates them once per statement.
create or replace function private.current_app_role()
returns public.app_role
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid())
$$;

create or replace function private.is_moderator()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('moderator', 'admin'), false)
$$;

create or replace function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() = 'admin', false)
$$;

grant execute on function private.current_app_role() to anon, authenticated, service_role;
grant execute on function private.is_moderator() to anon, authenticated, service_role;
grant execute on function private.is_admin() to anon, authenticated, service_role;

-- Raises the stable `not_allowed` error (SQLSTATE 42501, as a permission error) unless the caller
-- is a moderator or admin.
create or replace function private.require_moderator()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null or not private.is_moderator() then
    raise exception using errcode = '42501', message = 'not_allowed', detail = 'Only the team of the Pact may do this.';
  end if;
  return uid;
end
$$;

create or replace function private.require_admin()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null or not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed', detail = 'Only an admin may do this.';
  end if;
  return uid;
end
$$;
