-- A coalition member's kind follows the person's role (coalition_members_check_kind), but only
-- when the membership row is written. set_role (partner -> resident/moderator/admin) and
-- approve_partner_request (resident -> partner) changed the role and left the memberships as they
-- were: a former partner still counted as a partner, a new partner still counted as a resident,
-- which could hide a partner majority.
--
-- Decisions:
--   * partner -> anything else: the person's partner memberships become resident memberships.
--     That can only make "never more partners than residents" hold better, so it always goes through.
--   * anything else -> partner: resident memberships become partner memberships only if every
--     coalition concerned still has no more partners than residents afterwards; otherwise the role
--     change is refused with `role_change_coalition_partner_majority`, naming the coalition, and the
--     team first adds a resident (or the person leaves the coalition). Never a silent majority.
--   * a partner whose organisation is deleted (organisation_id set to null by the foreign key)
--     becomes a resident, instead of the delete failing on profiles_partner_needs_organisation;
--     the memberships then follow as above.

create or replace function private.profiles_partner_without_organisation()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.role = 'partner' and new.organisation_id is null then
    new.role := 'resident';
  end if;
  return new;
end
$$;
comment on function private.profiles_partner_without_organisation() is
  'A partner without organisation (its organisation was deleted) is a resident again.';

create trigger profiles_partner_without_organisation
  before update of organisation_id, role on public.profiles
  for each row execute function private.profiles_partner_without_organisation();

create or replace function private.profiles_sync_coalition_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tipped record;
begin
  if old.role = 'partner' and new.role <> 'partner' then
    update public.coalition_members m set member_kind = 'resident'
     where m.profile_id = new.id and m.member_kind = 'partner';
  elsif old.role <> 'partner' and new.role = 'partner' then
    -- Lock the coalitions concerned in a fixed order, as the balance check does, then count.
    perform 1 from public.coalitions c
     where c.id in (select m.coalition_id from public.coalition_members m
                     where m.profile_id = new.id and m.member_kind = 'resident')
     order by c.id for update;
    select c.name, x.partners + 1 as partners, x.residents - 1 as residents into tipped
      from public.coalition_members me
      join public.coalitions c on c.id = me.coalition_id
      cross join lateral (
        select count(*) filter (where m.member_kind = 'partner') as partners,
               count(*) filter (where m.member_kind = 'resident') as residents
          from public.coalition_members m where m.coalition_id = me.coalition_id
      ) x
     where me.profile_id = new.id and me.member_kind = 'resident'
       and x.partners + 1 > x.residents - 1
     order by c.name
     limit 1;
    if found then
      raise exception using errcode = 'P0001', message = 'role_change_coalition_partner_majority',
        detail = pg_catalog.format(
          'As a partner this person would give coalition "%s" more partners (%s) than residents (%s). Add a resident first, or let the person leave the coalition.',
          tipped.name, tipped.partners, tipped.residents),
        hint = 'role_change_coalition_partner_majority';
    end if;
    update public.coalition_members m set member_kind = 'partner'
     where m.profile_id = new.id and m.member_kind = 'resident';
  end if;
  return null;
end
$$;
comment on function private.profiles_sync_coalition_membership() is
  'After a role change: coalition memberships take the kind of the new role (see the migration for the rules).';

-- No column list: a role changed by the BEFORE trigger above (organisation deleted) must count too,
-- and `update of role` only fires when the statement itself names the column.
create trigger profiles_sync_coalition_membership
  after update on public.profiles
  for each row when (old.role is distinct from new.role)
  execute function private.profiles_sync_coalition_membership();

-- The balance check ran on every membership update and refused any result with a partner majority,
-- so turning one partner into a resident in a coalition that already had a partner majority (left
-- behind by an account deletion) was refused although it makes things better. Such an update is
-- now let through; everything else is checked as before.
create or replace function private.coalition_members_check_balance()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  cid uuid;
  partners bigint;
  residents bigint;
begin
  if tg_op = 'DELETE' then
    if old.member_kind = 'partner' then
      return null;
    end if;
    -- The person deleted their account: privacy first, the team rebalances later
    -- (see the view coalitions_needing_residents).
    if not exists (select 1 from public.profiles p where p.id = old.profile_id) then
      return null;
    end if;
    cid := old.coalition_id;
  elsif tg_op = 'INSERT' then
    if new.member_kind = 'resident' then
      return null;
    end if;
    cid := new.coalition_id;
  else
    if new.coalition_id = old.coalition_id and old.member_kind = 'partner' and new.member_kind = 'resident' then
      return null;
    end if;
    cid := new.coalition_id;
  end if;

  perform 1 from public.coalitions c where c.id = cid for update;
  if not found then
    return null; -- the coalition itself is gone
  end if;
  select count(*) filter (where m.member_kind = 'partner'), count(*) filter (where m.member_kind = 'resident')
    into partners, residents
    from public.coalition_members m where m.coalition_id = cid;
  if partners > residents then
    raise exception using errcode = 'P0001', message = 'coalition_partner_majority',
      detail = pg_catalog.format('A coalition may not have more partners (%s) than residents (%s).', partners, residents),
      hint = 'coalition_partner_majority';
  end if;
  return null;
end
$$;
