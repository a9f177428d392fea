-- A team member whose password leaked must not be able to change what thousands of residents see.
-- Admin powers (roles, partner approval, reference lists, everything gated on private.is_admin())
-- need a session that passed a second factor: `aal` = 'aal2' in the JWT. Moderators may enrol a
-- factor; once they have a verified one, their moderation powers need aal2 as well, so a stolen
-- password alone is not enough. A moderator without a factor keeps working at aal1.
--
-- Every policy and function asks the role helpers, so restating the helpers here is enough. Auth
-- signs `aal` into the token; auth.mfa_factors is GoTrue's table (hosted projects have it).

-- The assurance level of the caller's session; a token without the claim counts as aal1.
create or replace function private.current_aal()
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce((select auth.jwt()) ->> 'aal', 'aal1')
$$;
comment on function private.current_aal() is
  'aal1 or aal2 from the caller''s JWT: aal2 means the session passed a second factor.';

create or replace function private.has_verified_factor(p_user uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from auth.mfa_factors f where f.user_id = p_user and f.status = 'verified'
  )
$$;
comment on function private.has_verified_factor(uuid) is
  'True when the person enrolled a second factor and verified it once.';

-- Whether the caller's session is strong enough for the team powers of their role: admins always
-- need aal2; a moderator needs it only once they enrolled a factor.
create or replace function private.second_factor_satisfied()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.current_aal() = 'aal2'
      or (private.current_app_role() = 'moderator'
          and not private.has_verified_factor((select auth.uid())))
$$;

create or replace function private.is_moderator()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('moderator', 'admin'), false)
     and private.second_factor_satisfied()
$$;

create or replace function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.current_app_role() = 'admin', false)
     and private.current_aal() = 'aal2'
$$;

-- The refusals name the missing second step, so the app can say what to do (second_factor_required).
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
  if uid is null or coalesce(private.current_app_role() not in ('moderator', 'admin'), true) then
    raise exception using errcode = '42501', message = 'not_allowed', detail = 'Only the team of the Pact may do this.';
  end if;
  if not private.second_factor_satisfied() then
    raise exception using errcode = '42501', message = 'second_factor_required',
      detail = 'Sign in with the code from your authenticator app first.';
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
  if uid is null or coalesce(private.current_app_role() <> 'admin', true) then
    raise exception using errcode = '42501', message = 'not_allowed', detail = 'Only an admin may do this.';
  end if;
  if private.current_aal() <> 'aal2' then
    raise exception using errcode = '42501', message = 'second_factor_required',
      detail = 'An admin needs a second factor: enrol one, then sign in with its code.';
  end if;
  return uid;
end
$$;

revoke execute on function private.current_aal() from public;
revoke execute on function private.has_verified_factor(uuid) from public;
revoke execute on function private.second_factor_satisfied() from public;
grant execute on function private.current_aal() to anon, authenticated, service_role;
grant execute on function private.has_verified_factor(uuid) to service_role;
grant execute on function private.second_factor_satisfied() to anon, authenticated, service_role;
