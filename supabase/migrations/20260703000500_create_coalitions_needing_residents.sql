-- People may always leave: delete_my_account removes a resident's memberships even when that leaves
-- a coalition with more partners than residents (coalition_members_check_balance lets it pass).
-- The team must then see that the coalition needs residents again. A view, not a stored flag: it
-- is right the moment a resident joins or a partner leaves, with nothing to keep in sync.
-- security_invoker: it shows what the coalitions and coalition_members policies show (both public).
create or replace view public.coalitions_needing_residents
with (security_invoker = true)
as
select c.id, c.name, x.partners, x.residents
  from public.coalitions c
  cross join lateral (
    select count(*) filter (where m.member_kind = 'partner') as partners,
           count(*) filter (where m.member_kind = 'resident') as residents
      from public.coalition_members m where m.coalition_id = c.id
  ) x
 where x.partners > x.residents;
comment on view public.coalitions_needing_residents is
  'Coalitions that have more partner than resident members (after a resident deleted their account): the team should find residents.';

revoke all on public.coalitions_needing_residents from anon, authenticated;
grant select on public.coalitions_needing_residents to anon, authenticated, service_role;
