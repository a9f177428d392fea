-- "Niet meer partners in een coalitie werkgroep dan inwoners" counted every non-partner as a
-- resident: moderators and admins filled the residents' side, and any fresh account could join to
-- make room for another organisation. And a role change could race a self-join: while an admin
-- approved a partner request, the person joined a coalition as a resident; the role change did not
-- see the new membership and the join did not see the new role, so a partner stayed counted as a
-- resident.
--
-- Now:
--   * the kind follows the role: partner -> partner, moderator/admin -> team, resident -> resident;
--     team members count on neither side;
--   * a resident counts only with a confirmed e-mail address (auth.users.email_confirmed_at), and
--     joins as a resident member only then (coalition_resident_unconfirmed);
--   * a membership write takes a share lock on the person's profile row, so it waits for a role
--     change in progress (and sees the new role), and a role change waits for the join to commit
--     (and then converts it);
--   * on a role change the memberships take the new kind; a change that would tip a coalition is
--     refused (role_change_coalition_partner_majority), as for new partners before;
--   * the existing memberships of moderators and admins become team memberships. A coalition that
--     is out of balance after that (or has unconfirmed residents) is not changed: it is listed in
--     coalitions_needing_residents (now for the team only: its counts tell whose address is
--     confirmed), and no partner is added until it is rebalanced.

create or replace function private.member_kind_for(p_role public.app_role)
returns public.member_kind
language sql
immutable
set search_path = ''
as $$
  select case p_role
    when 'partner' then 'partner'::public.member_kind
    when 'resident' then 'resident'::public.member_kind
    else 'team'::public.member_kind
  end
$$;
comment on function private.member_kind_for(public.app_role) is
  'The coalition member kind of a role: partner, resident, or team (moderators and admins).';
grant execute on function private.member_kind_for(public.app_role) to anon, authenticated, service_role;

-- security definer: reads auth.users. It says no more than the coalition counts show. Asked only
-- about resident members (whose role is resident; during a role change, still their membership's).
create or replace function private.counts_as_resident(p_profile uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from auth.users u where u.id = p_profile and u.email_confirmed_at is not null)
$$;
comment on function private.counts_as_resident(uuid) is
  'Whether a resident member counts in the coalition rule: their e-mail address is confirmed.';
grant execute on function private.counts_as_resident(uuid) to anon, authenticated, service_role;

create or replace function private.coalition_counts(p_coalition uuid, out partners bigint, out residents bigint)
language sql
stable
security definer
set search_path = ''
as $$
  select count(*) filter (where m.member_kind = 'partner'),
         count(*) filter (where m.member_kind = 'resident' and private.counts_as_resident(m.profile_id))
    from public.coalition_members m where m.coalition_id = p_coalition
$$;
comment on function private.coalition_counts(uuid) is
  'The two sides of the coalition rule: partner members, and resident members who count as residents.';
revoke execute on function private.coalition_counts(uuid) from public, anon, authenticated;

create or replace function private.coalition_members_check_kind()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.app_role;
begin
  -- Waits for a role change of this person in progress, and then reads the new role.
  select p.role into r from public.profiles p where p.id = new.profile_id for share;
  if new.member_kind is distinct from private.member_kind_for(r) then
    raise exception using errcode = 'P0001', message = 'coalition_member_kind_mismatch',
      detail = 'Partners join as partner members, the team as team members, residents as resident members.';
  end if;
  if tg_op = 'INSERT' and new.member_kind = 'resident' and not private.counts_as_resident(new.profile_id) then
    raise exception using errcode = 'P0001', message = 'coalition_resident_unconfirmed',
      detail = 'A resident joins a coalition once their e-mail address is confirmed.',
      hint = 'coalition_resident_unconfirmed';
  end if;
  return new;
end
$$;

create or replace function private.coalition_members_check_balance()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  cid uuid;
  n record;
begin
  if tg_op = 'DELETE' then
    -- A partner or team member leaving, or a resident who did not count, changes nothing.
    if old.member_kind <> 'resident' or not private.counts_as_resident(old.profile_id) then
      return null;
    end if;
    cid := old.coalition_id;
  elsif tg_op = 'INSERT' then
    if new.member_kind <> 'partner' then
      return null;
    end if;
    cid := new.coalition_id;
  else
    -- A partner becoming a resident or team member only makes things better.
    if new.coalition_id = old.coalition_id and old.member_kind = 'partner' and new.member_kind <> 'partner' then
      return null;
    end if;
    cid := new.coalition_id;
  end if;

  perform 1 from public.coalitions c where c.id = cid for update;
  if not found then
    return null; -- the coalition itself is gone
  end if;
  n := private.coalition_counts(cid);
  if n.partners > n.residents then
    raise exception using errcode = 'P0001', message = 'coalition_partner_majority',
      detail = pg_catalog.format('A coalition may not have more partners (%s) than residents (%s).', n.partners, n.residents),
      hint = 'coalition_partner_majority';
  end if;
  return null;
end
$$;

create or replace function private.profiles_sync_coalition_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  from_kind public.member_kind := private.member_kind_for(old.role);
  to_kind public.member_kind := private.member_kind_for(new.role);
  counted boolean;
  tipped record;
begin
  if from_kind = to_kind then
    return null;
  end if;
  -- Only a person who becomes a partner, or a counted resident who stops being one, can tip.
  if to_kind = 'partner' or from_kind = 'resident' then
    counted := from_kind = 'resident' and private.counts_as_resident(new.id);
    -- Lock the coalitions concerned in a fixed order, as the balance check does, then count.
    perform 1 from public.coalitions c
     where c.id in (select m.coalition_id from public.coalition_members m where m.profile_id = new.id)
     order by c.id for update;
    select c.name, x.partners, x.residents into tipped
      from public.coalition_members me
      join public.coalitions c on c.id = me.coalition_id
      cross join lateral (
        select n.partners + case when to_kind = 'partner' then 1 else 0 end as partners,
               n.residents - case when counted then 1 else 0 end as residents
          from private.coalition_counts(me.coalition_id) n
      ) x
     where me.profile_id = new.id
       and x.partners > x.residents
       and (to_kind = 'partner' or counted)
     order by c.name
     limit 1;
    if found then
      raise exception using errcode = 'P0001', message = 'role_change_coalition_partner_majority',
        detail = pg_catalog.format(
          'With this role the person would leave coalition "%s" with more partners (%s) than residents (%s). Add a resident first, or let the person leave the coalition.',
          tipped.name, tipped.partners, tipped.residents),
        hint = 'role_change_coalition_partner_majority';
    end if;
  end if;
  update public.coalition_members m set member_kind = to_kind
   where m.profile_id = new.id and m.member_kind is distinct from to_kind;
  return null;
end
$$;

-- The team's existing memberships become team memberships. Not checked against the rule: a
-- coalition that is out of balance now is listed for the team below, never changed by itself.
alter table public.coalition_members disable trigger coalition_members_check_balance;
update public.coalition_members m set member_kind = 'team'
  from public.profiles p
 where p.id = m.profile_id and p.role in ('moderator', 'admin') and m.member_kind <> 'team';
alter table public.coalition_members enable trigger coalition_members_check_balance;

-- New columns go at the end of a view.
create or replace view public.coalitions_needing_residents
with (security_invoker = true)
as
select c.id, c.name, x.partners, x.residents, x.team, x.unconfirmed
  from public.coalitions c
  cross join lateral (
    select count(*) filter (where m.member_kind = 'partner') as partners,
           count(*) filter (where m.member_kind = 'resident' and private.counts_as_resident(m.profile_id)) as residents,
           count(*) filter (where m.member_kind = 'team') as team,
           count(*) filter (where m.member_kind = 'resident' and not private.counts_as_resident(m.profile_id)) as unconfirmed
      from public.coalition_members m where m.coalition_id = c.id
  ) x
 where x.partners > x.residents
   and (select private.is_moderator());
comment on view public.coalitions_needing_residents is
  'Team only. Coalitions with more partner members than residents who count (confirmed e-mail; team members count on neither side): the team should find residents. Nothing is changed by itself.';
-- The counts now tell whose e-mail address is confirmed, which is not public: the team only.
revoke all on public.coalitions_needing_residents from anon;
