-- Admins invite a new moderator or a partner's contact person by e-mail (issue #12). The role is
-- the database's business, not the invite mail's: an admin (with a second factor) records the
-- invitation here with invite_to_team(); Auth's invite (POST /invite, service role) only sends
-- the mail. The role is given when the invited address is confirmed, that is when the person
-- opens the invite link or types a code sent to that very address, and only then.
--
-- user_metadata from an invite is never trusted for a role: anyone can put anything there.

create table private.team_invitations (
  email text primary key check (email = pg_catalog.lower(email) and email like '%_@_%'),
  role public.app_role not null check (role in ('moderator', 'partner')),
  organisation_id uuid references public.organisations (id) on delete cascade,
  invited_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint team_invitations_partner_needs_organisation
    check ((role = 'partner') = (organisation_id is not null))
);
alter table private.team_invitations enable row level security;
comment on table private.team_invitations is
  'Pending invitations of a moderator or partner contact, by e-mail address; used up when that address is confirmed. Written only through invite_to_team().';
revoke all on private.team_invitations from public, anon, authenticated;

create or replace function public.invite_to_team(
  p_email text, p_role public.app_role, p_organisation uuid default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_admin();
  addr text := pg_catalog.lower(pg_catalog.btrim(coalesce(p_email, '')));
begin
  if addr !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or pg_catalog.length(addr) > 255 then
    raise exception using errcode = '22023', message = 'invalid_email',
      detail = 'Fill in a valid e-mail address.', hint = 'invalid_email';
  end if;
  if p_role is null or p_role not in ('moderator', 'partner') then
    raise exception using errcode = '22023', message = 'invite_role_not_allowed',
      detail = 'Invite a moderator or a partner; appoint admins with set_role.',
      hint = 'invite_role_not_allowed';
  end if;
  if (p_role = 'partner') <> (p_organisation is not null) then
    raise exception using errcode = '22023', message = 'invite_organisation_mismatch',
      detail = 'A partner needs an organisation; a moderator has none.',
      hint = 'invite_organisation_mismatch';
  end if;
  if exists (select 1 from auth.users u
              where pg_catalog.lower(u.email) = addr and u.email_confirmed_at is not null) then
    raise exception using errcode = 'P0001', message = 'already_has_account',
      detail = 'This person already has an account: change their role in the people list.',
      hint = 'already_has_account';
  end if;
  insert into private.team_invitations (email, role, organisation_id, invited_by)
  values (addr, p_role, p_organisation, uid)
  on conflict (email) do update
    set role = excluded.role, organisation_id = excluded.organisation_id,
        invited_by = excluded.invited_by, created_at = now();
  perform private.log_moderation('invite_to_team', 'team_invitations', null, null,
    jsonb_build_object('role', p_role, 'organisation_id', p_organisation));
end
$$;
comment on function public.invite_to_team(text, public.app_role, uuid) is
  'Admin only. Records that this address becomes a moderator (or a partner of the organisation) once it is confirmed. The invite mail is sent by Auth.';
revoke execute on function public.invite_to_team(text, public.app_role, uuid) from public, anon;
grant execute on function public.invite_to_team(text, public.app_role, uuid) to authenticated, service_role;

-- When an address is confirmed (a new account's first code or invite link), its invitation, if
-- any, gives the role and is used up. Runs as owner: the Auth server's own role has no rights on
-- public.profiles.
create or replace function private.accept_team_invitation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv private.team_invitations;
begin
  if new.email is null or new.email_confirmed_at is null then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.email_confirmed_at is not null
     and pg_catalog.lower(old.email) = pg_catalog.lower(new.email) then
    return new;
  end if;
  delete from private.team_invitations i where i.email = pg_catalog.lower(new.email)
  returning * into inv;
  if found then
    update public.profiles p
       set role = inv.role, organisation_id = inv.organisation_id
     where p.id = new.id and p.role = 'resident';
  end if;
  return new;
end
$$;
comment on function private.accept_team_invitation() is
  'Gives an invited address its role once it is confirmed, and uses up the invitation.';
revoke execute on function private.accept_team_invitation() from public, anon, authenticated;

create trigger on_auth_user_verified_accept_invitation
  after insert or update of email_confirmed_at, email on auth.users
  for each row execute function private.accept_team_invitation();
