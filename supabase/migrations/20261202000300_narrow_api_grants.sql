-- Grants as narrow as the policies. Supabase's bootstrap gives anon and authenticated ALL on every
-- new table, sequence and function in `public` (here the local bootstrap does the same). Most
-- tables revoked that and granted back what their policies use, but not all: authenticated held
-- TRUNCATE (which ignores row-level security), REFERENCES and TRIGGER on themes, neighbourhoods,
-- organisations and coalitions, INSERT/UPDATE on every column of the reference tables, and all
-- rights on moderation_log's sequence. Private functions were executable by everyone: the
-- per-schema `revoke execute ... from public` of 20260601000200 cannot take away the built-in
-- default, so it did nothing.
--
-- This migration states, per table and role, exactly what the policies use, and takes the
-- defaults away, so a new table, sequence or function starts with no rights for the API roles
-- and must be granted on purpose. It works the same on a hosted project, where the grants come
-- from Supabase's own bootstrap. tests/db/grants.test.ts walks every relation, sequence and
-- function and compares with an explicit list.

-- Tables and views: start from nothing, then grant what the policies use. -----------------------
do $$
declare
  rel record;
begin
  for rel in
    select c.oid::regclass as name
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and c.relkind in ('r', 'v', 'm', 'p', 'f')
  loop
    execute pg_catalog.format('revoke all on %s from public, anon, authenticated', rel.name);
  end loop;
end
$$;

-- Reference data: everyone reads; admins write (the *_admin policies) the columns their editor has.
grant select on public.neighbourhoods, public.themes, public.organisations to anon, authenticated;
grant insert (id, slug, name, district, cbs_code), update (slug, name, district, cbs_code), delete
  on public.neighbourhoods to authenticated;
grant insert (id, slug, position), update (slug, position), delete on public.themes to authenticated;
grant insert (id, name, slug, kind), update (name, slug, kind), delete on public.organisations to authenticated;

grant select (id, display_name, role, organisation_id, created_at) on public.profiles to anon, authenticated;
grant update (display_name, neighbourhood_id, locale) on public.profiles to authenticated;

grant select on public.coalitions to anon, authenticated;
grant insert (id, name, description, theme_id), update (name, description, theme_id), delete
  on public.coalitions to authenticated;

grant select on public.coalition_members to anon, authenticated;
grant insert (coalition_id, profile_id, member_kind), update (member_kind), delete
  on public.coalition_members to authenticated;

grant select on public.ideas to anon, authenticated;
grant insert (id, title, body, kind, theme_id, neighbourhood_id, lat, lng), update (title, body), delete
  on public.ideas to authenticated;

grant select on public.comments to anon, authenticated;
grant insert (id, idea_id, parent_id, body), update (body) on public.comments to authenticated;

grant select on public.idea_updates to anon, authenticated;

grant select, delete on public.votes to authenticated;
grant insert (idea_id) on public.votes to authenticated;

grant select, delete on public.follows to authenticated;
grant insert (id, idea_id, neighbourhood_id), update (seen_at) on public.follows to authenticated;

grant select, delete on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;

grant select on public.reports to authenticated;
grant insert (id, idea_id, comment_id, reason) on public.reports to authenticated;

grant select on public.moderation_log to authenticated;

grant select, delete on public.partner_requests to authenticated;
grant insert (id, organisation_id, message) on public.partner_requests to authenticated;

grant select on public.digest_settings to authenticated;
grant insert (user_id, frequency), update (frequency) on public.digest_settings to authenticated;

grant select on public.idea_cards, public.searchable_idea_cards, public.coalitions_needing_residents
  to anon, authenticated;

-- Sequences: the API inserts no row that takes a number from one. ------------------------------
do $$
declare
  seq record;
begin
  for seq in
    select c.oid::regclass as name
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and c.relkind = 'S'
  loop
    execute pg_catalog.format('revoke all on sequence %s from public, anon, authenticated', seq.name);
  end loop;
end
$$;

-- Functions: start from nothing, then grant the RPCs and the helpers that policies and the
-- triggers running as the caller use. Trigger functions need no grant: Postgres checks EXECUTE
-- on them only when the trigger is created. service_role keeps everything (it is trusted).
do $$
declare
  fn record;
begin
  for fn in
    select p.oid::regprocedure as name
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private')
       and not exists (select 1 from pg_catalog.pg_depend d
                        where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    execute pg_catalog.format('revoke all on function %s from public, anon, authenticated', fn.name);
    execute pg_catalog.format('grant execute on function %s to service_role', fn.name);
  end loop;
end
$$;

-- For visitors and everyone signed in.
grant execute on function public.similar_ideas(text, uuid, integer) to anon, authenticated;
grant execute on function public.public_trust_figures() to anon, authenticated;
grant execute on function private.clean_text(text) to anon, authenticated; -- similar_ideas

-- For people who are signed in (the team's and admins' functions check the role themselves).
grant execute on function
  public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric),
  public.my_profile(),
  public.export_my_data(),
  public.delete_my_account(),
  public.neighbourhood_feed(integer),
  public.set_idea_status(uuid, public.idea_status, text, uuid),
  public.merge_idea(uuid, uuid, text),
  public.hide_idea(uuid, text),
  public.unhide_idea(uuid),
  public.unhide_idea(uuid, text),
  public.hide_comment(uuid, text),
  public.unhide_comment(uuid),
  public.unhide_comment(uuid, text),
  public.resolve_report(uuid, text),
  public.record_offline_idea(uuid, text, text, public.idea_kind, uuid, uuid, public.idea_channel),
  public.moderation_dashboard(date, date),
  public.alliantieraad_report(date, date),
  public.set_role(uuid, public.app_role),
  public.approve_partner_request(uuid),
  public.reject_partner_request(uuid, text),
  public.admin_find_people(text, integer)
to authenticated;

-- Helpers that run as the caller: in policies (is_moderator, is_admin), in the triggers that run
-- as the caller (is_api_caller, limits, the vote rule) and in export_my_data (my_account).
grant execute on function
  private.is_moderator(),
  private.is_admin(),
  private.is_api_caller(),
  private.enforce_limit(text, bigint),
  private.limit_window(text),
  private.idea_vote_block(uuid),
  private.my_account()
to authenticated;

-- New objects start with no rights for the API roles: grant each on purpose. The last line also
-- takes away the built-in EXECUTE for PUBLIC on functions (in every schema the migrations write).
alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on functions from anon, authenticated;
alter default privileges for role postgres revoke execute on functions from public;
