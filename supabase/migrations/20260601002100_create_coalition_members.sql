create table public.coalition_members (
  coalition_id uuid not null references public.coalitions (id) on delete cascade,
  profile_id uuid not null references public.profiles (id) on delete cascade,
  member_kind public.member_kind not null,
  created_at timestamptz not null default now(),
  primary key (coalition_id, profile_id)
);
alter table public.coalition_members enable row level security;
comment on table public.coalition_members is 'Membership of coalitions. Never more partner members than resident members (enforced at commit).';

create index coalition_members_profile_id_idx on public.coalition_members (profile_id);

revoke all on public.coalition_members from anon, authenticated;
grant select on public.coalition_members to anon, authenticated;
grant insert (coalition_id, profile_id, member_kind) on public.coalition_members to authenticated;
grant update (member_kind) on public.coalition_members to authenticated;
grant delete on public.coalition_members to authenticated;

create policy coalition_members_select_all on public.coalition_members for select to anon, authenticated using (true);
create policy coalition_members_insert_moderator on public.coalition_members for insert to authenticated
  with check ((select private.is_moderator()));
create policy coalition_members_update_moderator on public.coalition_members for update to authenticated
  using ((select private.is_moderator())) with check ((select private.is_moderator()));
-- The team removes members; a member may leave by themselves.
create policy coalition_members_delete_moderator_or_self on public.coalition_members for delete to authenticated
  using (profile_id = (select auth.uid()) or (select private.is_moderator()));
