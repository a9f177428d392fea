-- Partners (and residents) may join a coalition themselves. The kind must match the person's role
-- (coalition_members_check_kind) and the partner <= resident rule is checked at commit, so a
-- partner cannot tip the balance by joining.
create policy coalition_members_insert_self on public.coalition_members for insert to authenticated
  with check (profile_id = (select auth.uid()));
