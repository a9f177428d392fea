-- Reference data: everyone reads; admins manage. One policy per action and role.
create policy neighbourhoods_select_all on public.neighbourhoods for select to anon, authenticated using (true);
create policy neighbourhoods_insert_admin on public.neighbourhoods for insert to authenticated with check ((select private.is_admin()));
create policy neighbourhoods_update_admin on public.neighbourhoods for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy neighbourhoods_delete_admin on public.neighbourhoods for delete to authenticated using ((select private.is_admin()));

create policy themes_select_all on public.themes for select to anon, authenticated using (true);
create policy themes_insert_admin on public.themes for insert to authenticated with check ((select private.is_admin()));
create policy themes_update_admin on public.themes for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy themes_delete_admin on public.themes for delete to authenticated using ((select private.is_admin()));

create policy organisations_select_all on public.organisations for select to anon, authenticated using (true);
create policy organisations_insert_admin on public.organisations for insert to authenticated with check ((select private.is_admin()));
create policy organisations_update_admin on public.organisations for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy organisations_delete_admin on public.organisations for delete to authenticated using ((select private.is_admin()));

-- Profiles: the public columns are readable by everyone (column grants hide the rest).
create policy profiles_select_all on public.profiles for select to anon, authenticated using (true);
create policy profiles_update_self on public.profiles for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
