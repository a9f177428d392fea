-- 20260701000300 added coalition_members_insert_self beside coalition_members_insert_moderator.
-- Two permissive policies for one role and action make Postgres evaluate both for every row
-- (Supabase lint multiple_permissive_policies). Same meaning, one policy.
drop policy if exists coalition_members_insert_self on public.coalition_members;
drop policy if exists coalition_members_insert_moderator on public.coalition_members;
create policy coalition_members_insert_moderator_or_self on public.coalition_members for insert to authenticated
  with check (profile_id = (select auth.uid()) or (select private.is_moderator()));
