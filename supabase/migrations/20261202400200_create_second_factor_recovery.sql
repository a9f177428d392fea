-- A lost phone must not lock the team out. Two ways back, both in Postgres so they work on a
-- hosted project as well as locally (GoTrue itself has no recovery codes):
--  * recovery codes: ten one-time codes, shown once right after enrolment and stored only as
--    hashes. Using one (with the password, at aal1) removes the person's factors, so they can
--    enrol their new phone; this is how the last admin gets back in.
--  * another admin (at aal2) removes a person's factor.
-- Both land in the moderation log. Deleting from auth.mfa_factors is what GoTrue's admin API does
-- too; sessions already at aal2 keep their level until they end.

create table private.mfa_recovery_codes (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
alter table private.mfa_recovery_codes enable row level security;
comment on table private.mfa_recovery_codes is
  'One-time recovery codes for the second factor, as sha256 hashes. Read and written only by the functions below.';
create index mfa_recovery_codes_user_id_idx on private.mfa_recovery_codes (user_id);
revoke all on private.mfa_recovery_codes from public, anon, authenticated;

-- Codes are 10 characters from a 31-letter alphabet without look-alikes (about 49 random bits
-- each), so a plain sha256 is enough: there is nothing to brute-force against the hash.
create or replace function private.recovery_code_hash(code text)
returns text
language sql
immutable
set search_path = ''
as $$
  select encode(extensions.digest(lower(regexp_replace(coalesce(code, ''), '[^A-Za-z0-9]', '', 'g')), 'sha256'), 'hex')
$$;

create or replace function public.create_recovery_codes()
returns setof text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  alphabet constant text := 'abcdefghjkmnpqrstuvwxyz23456789';
  bytes bytea;
  code text;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  -- Only a session that just proved the factor makes new codes: a password alone must not.
  if private.current_aal() <> 'aal2' then
    raise exception using errcode = '42501', message = 'second_factor_required',
      detail = 'Recovery codes are made right after the code from your app was checked.';
  end if;
  delete from private.mfa_recovery_codes c where c.user_id = uid;
  for i in 1..10 loop
    bytes := extensions.gen_random_bytes(10);
    code := '';
    for j in 0..9 loop
      code := code || substr(alphabet, 1 + (get_byte(bytes, j) % 31), 1);
    end loop;
    code := substr(code, 1, 5) || '-' || substr(code, 6, 5);
    insert into private.mfa_recovery_codes (user_id, code_hash)
    values (uid, private.recovery_code_hash(code));
    return next code;
  end loop;
  perform private.log_moderation('create_recovery_codes', 'profiles', uid);
end
$$;
comment on function public.create_recovery_codes() is
  'At aal2 only. Replaces the caller''s recovery codes with ten new ones and returns them: the only time they are shown.';

create or replace function public.recovery_codes_left()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer from private.mfa_recovery_codes c
   where c.user_id = (select auth.uid()) and c.used_at is null
$$;
comment on function public.recovery_codes_left() is 'How many unused recovery codes the caller has.';

create or replace function public.use_recovery_code(code text)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  used bigint;
  removed integer;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  update private.mfa_recovery_codes c
     set used_at = now()
   where c.id = (
     select c2.id from private.mfa_recovery_codes c2
      where c2.user_id = uid and c2.used_at is null
        and c2.code_hash = private.recovery_code_hash(use_recovery_code.code)
      limit 1
      for update)
  returning c.id into used;
  if used is null then
    raise exception using errcode = 'P0001', message = 'recovery_code_wrong',
      detail = 'This recovery code is not one of yours, or it was used before.';
  end if;
  delete from auth.mfa_factors f where f.user_id = uid;
  get diagnostics removed = row_count;
  perform private.log_moderation('use_recovery_code', 'profiles', uid, null,
    jsonb_build_object('factors_removed', removed));
  return removed;
end
$$;
comment on function public.use_recovery_code(text) is
  'Signed in with a password, without the phone: spends one recovery code and removes the caller''s second factors so they can enrol again.';

create or replace function public.admin_remove_second_factor(profile_id uuid)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_admin();
  removed integer;
begin
  if admin_remove_second_factor.profile_id = uid then
    raise exception using errcode = '42501', message = 'not_allowed',
      detail = 'Remove your own factor on your own page, or ask another admin.';
  end if;
  if not exists (select 1 from public.profiles p where p.id = admin_remove_second_factor.profile_id) then
    raise exception using errcode = 'P0002', message = 'profile_not_found';
  end if;
  delete from auth.mfa_factors f where f.user_id = admin_remove_second_factor.profile_id;
  get diagnostics removed = row_count;
  delete from private.mfa_recovery_codes c where c.user_id = admin_remove_second_factor.profile_id;
  perform private.log_moderation('remove_second_factor', 'profiles', admin_remove_second_factor.profile_id, null,
    jsonb_build_object('factors_removed', removed));
  return removed;
end
$$;
comment on function public.admin_remove_second_factor(uuid) is
  'Admin only (aal2). Removes another person''s second factor after they lost their phone; logged.';

-- Whether people on the admin page have a second factor (never the secret itself).
create or replace function public.admin_second_factors(profile_ids uuid[])
returns table (profile_id uuid, has_factor boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
    select p.id, private.has_verified_factor(p.id)
      from public.profiles p
     where p.id = any(admin_second_factors.profile_ids);
end
$$;
comment on function public.admin_second_factors(uuid[]) is 'Admin only. Which of these people have a verified second factor.';

revoke execute on function private.recovery_code_hash(text) from public;
revoke execute on function public.create_recovery_codes() from public, anon;
revoke execute on function public.recovery_codes_left() from public, anon;
revoke execute on function public.use_recovery_code(text) from public, anon;
revoke execute on function public.admin_remove_second_factor(uuid) from public, anon;
revoke execute on function public.admin_second_factors(uuid[]) from public, anon;
grant execute on function public.create_recovery_codes() to authenticated, service_role;
grant execute on function public.recovery_codes_left() to authenticated, service_role;
grant execute on function public.use_recovery_code(text) to authenticated, service_role;
grant execute on function public.admin_remove_second_factor(uuid) to authenticated, service_role;
grant execute on function public.admin_second_factors(uuid[]) to authenticated, service_role;
