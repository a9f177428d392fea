-- "Voorwaarde is dat er niet meer partners in een coalitie werkgroep kunnen zitten dan inwoners."

-- A partner member must have the partner role, and a partner profile joins as a partner.
create or replace function private.coalition_members_check_kind()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.app_role;
begin
  select p.role into r from public.profiles p where p.id = new.profile_id;
  if (new.member_kind = 'partner') <> (r = 'partner') then
    raise exception using errcode = 'P0001', message = 'coalition_member_kind_mismatch',
      detail = 'Partners join as partner members, everyone else as resident members.';
  end if;
  return new;
end
$$;

create trigger coalition_members_check_kind before insert or update of member_kind, profile_id on public.coalition_members
  for each row execute function private.coalition_members_check_kind();

-- Checked at commit (deferred), so a transaction may add a resident and a partner in any order.
-- Only changes that could tip the balance are checked: adding a partner, removing a resident, or
-- changing a member's kind. The coalition row is locked so that two concurrent transactions
-- cannot each add "the last allowed" partner.
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
    -- The person deleted their account: privacy first, the team rebalances later.
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

create constraint trigger coalition_members_check_balance
  after insert or update or delete on public.coalition_members
  deferrable initially deferred
  for each row execute function private.coalition_members_check_balance();
