-- One way in (issue #14): anyone who types an e-mail address gets a code, so an auth user (and,
-- through handle_new_user, a profile) now exists from the moment someone asks for a code, before
-- anyone has shown that they own the address. Until the code is used, that address must appear
-- nowhere for the team, and after a day it goes.
--
--   * private.has_confirmed_email(id): whether the person behind a profile confirmed their address.
--   * Profiles of people who did not are invisible through the API (policy profiles_select_all),
--     except to the person themself: the coalition member search and every list of names read
--     profiles through that policy.
--   * admin_find_people() (the admins' people list, with e-mail addresses) skips them too.
--   * private.erase_unconfirmed_signups() deletes auth users whose address was never confirmed
--     and who got their last code or invite more than a day ago; their profile goes with them
--     (on delete cascade). A scheduled job calls it every hour where pg_cron is installed.

create or replace function private.has_confirmed_email(p_profile uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from auth.users u where u.id = p_profile and u.email_confirmed_at is not null
  )
$$;
comment on function private.has_confirmed_email(uuid) is
  'Whether the person behind a profile confirmed their e-mail address (used their code).';
revoke execute on function private.has_confirmed_email(uuid) from public;
grant execute on function private.has_confirmed_email(uuid) to anon, authenticated, service_role;

drop policy profiles_select_all on public.profiles;
create policy profiles_select_all on public.profiles for select to anon, authenticated
  using (id = (select auth.uid()) or private.has_confirmed_email(id));

-- Restated from 20260701000800_create_admin_people_function.sql (its only definition), with
-- unconfirmed addresses left out.
create or replace function public.admin_find_people(query text default null, max_rows integer default 50)
returns table (id uuid, display_name text, email text, role public.app_role, organisation_id uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  q text := private.clean_text(query);
begin
  perform private.require_admin();
  return query
    select p.id, p.display_name, u.email::text, p.role, p.organisation_id
      from public.profiles p
      join auth.users u on u.id = p.id
     where u.email_confirmed_at is not null
       and (q is null
            or p.display_name ilike '%' || q || '%'
            or u.email ilike '%' || q || '%')
     order by (p.role = 'resident'), p.display_name
     limit least(greatest(coalesce(max_rows, 50), 1), 200);
end
$$;
comment on function public.admin_find_people(text, integer) is
  'Admin only. People with a confirmed e-mail address by name or e-mail, with their role; the team and partners first.';
revoke execute on function public.admin_find_people(text, integer) from public, anon;
grant execute on function public.admin_find_people(text, integer) to authenticated, service_role;

create or replace function private.erase_unconfirmed_signups(keep_for interval default interval '1 day')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  erased integer;
begin
  -- The clock starts again with every code or invite sent to the address.
  delete from auth.users u
   where u.email is not null
     and u.email_confirmed_at is null
     and not u.is_anonymous
     and greatest(u.created_at, u.confirmation_sent_at, u.recovery_sent_at, u.invited_at)
         <= now() - keep_for;
  get diagnostics erased = row_count;
  return erased;
end
$$;
comment on function private.erase_unconfirmed_signups(interval) is
  'Deletes auth users (and so their profiles) whose e-mail address was never confirmed and who got their last code or invite more than keep_for ago. Run hourly.';
revoke execute on function private.erase_unconfirmed_signups(interval) from public, anon, authenticated;
grant execute on function private.erase_unconfirmed_signups(interval) to service_role;

-- Hosted Supabase: enable pg_cron (Database → Extensions) and this job runs every hour. Where
-- the extension is missing (the local stack), run `select private.erase_unconfirmed_signups()`
-- from any scheduler, or enable pg_cron and schedule it as below.
do $$
begin
  if exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') then
    execute $job$select cron.schedule('erase-unconfirmed-signups', '23 * * * *',
                                       'select private.erase_unconfirmed_signups()')$job$;
  end if;
end
$$;
