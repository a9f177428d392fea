-- The agenda, from the app (issue #16): the bounds for an event's size come from the area's
-- settings, a new or changed event reaches every open /agenda by Broadcast, a coalition can show
-- itself as an initiative, and hiding an event or an initiative shares one helper.

-- Bounds from the settings ------------------------------------------------------------------------
-- Were constants in the constraints events_capacity_range (1..1000) and events_visit_small_group
-- (1..15). Now the team sets them on /beheer; app_config() hands them to the form; this trigger
-- enforces them on every insert and every change of kind or capacity.
alter table public.area_settings
  add column event_capacity_max integer not null default 1000,
  add column visit_group_max integer not null default 15;
comment on column public.area_settings.event_capacity_max is 'The most places an event in the agenda may have.';
comment on column public.area_settings.visit_group_max is 'The most people on one "Kom langs" visit (a small group, often at someone''s home).';
grant update (event_capacity_max, visit_group_max) on public.area_settings to authenticated;

create or replace function private.check_area_event_bounds()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.event_capacity_max not between 1 and 10000 or new.visit_group_max not between 1 and 100
     or new.visit_group_max > new.event_capacity_max then
    raise exception using errcode = '23514', message = 'settings_event_bounds_invalid';
  end if;
  return new;
end
$$;
revoke execute on function private.check_area_event_bounds() from public, anon, authenticated;
create trigger area_settings_check_event_bounds
  before insert or update of event_capacity_max, visit_group_max on public.area_settings
  for each row execute function private.check_area_event_bounds();

alter table public.events drop constraint events_capacity_range;
alter table public.events drop constraint events_visit_small_group;
alter table public.events add constraint events_capacity_positive check (capacity >= 1);

create or replace function private.check_event_size()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.area_settings;
begin
  select * into s from public.area_settings;
  if new.kind = 'visit' and (new.capacity is null or new.capacity > s.visit_group_max) then
    raise exception using errcode = '23514', message = 'event_visit_group_too_big',
      detail = 'A visit is for at most ' || s.visit_group_max || ' people.';
  end if;
  if new.capacity > s.event_capacity_max then
    raise exception using errcode = '23514', message = 'event_capacity_too_big',
      detail = 'An event has at most ' || s.event_capacity_max || ' places.';
  end if;
  return new;
end
$$;
revoke execute on function private.check_event_size() from public, anon, authenticated;
create trigger events_check_size
  before insert or update of kind, capacity on public.events
  for each row execute function private.check_event_size();

-- The rules app_config() hands the app: as in 20261202750100_create_area_settings.sql, plus the
-- two bounds above.
create or replace function private.app_rules()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'idea_title_min', 5,
    'idea_title_max', 120,
    'idea_body_min', 20,
    'idea_body_max', 5000,
    'comment_body_max', 2000,
    'idea_edit_hours', 24,
    'comment_edit_minutes', 15,
    'coalition_max_partners_per_resident', 1,
    'answer_days', (select s.answer_days from public.area_settings s),
    'event_capacity_max', (select s.event_capacity_max from public.area_settings s),
    'visit_group_max', (select s.visit_group_max from public.area_settings s),
    'limits', coalesce((
      select jsonb_object_agg(l.action, jsonb_build_object(
               'max', l.max_count, 'window_seconds', extract(epoch from l.per)::integer))
        from private.limits l
    ), '{}'::jsonb)
  )
$$;
revoke execute on function private.app_rules() from public;

-- A live agenda -----------------------------------------------------------------------------------
-- One message per change on the public topic `agenda:alle`, with only the columns everyone may read
-- on /agenda (never organiser_id, the address, hidden_reason or who signed up); `gone` with only
-- the id when an event stops being visible to everyone. Like broadcast_idea_card().
create or replace function private.broadcast_agenda_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_public boolean := tg_op <> 'INSERT' and old.hidden_at is null;
  is_public boolean := tg_op <> 'DELETE' and new.hidden_at is null;
begin
  if was_public and not is_public then
    perform realtime.send(jsonb_build_object('id', old.id), 'gone', 'agenda:alle', true);
  end if;
  if not is_public then
    return null;
  end if;
  if was_public and (new.kind, new.title, new.description, new.starts_at, new.ends_at, new.place,
                     new.neighbourhood_id, new.theme_id, new.capacity, new.languages, new.step_free,
                     new.hearing_loop, new.childcare, new.access_notes, new.initiative_id,
                     new.attending_count, new.waiting_count, new.cancelled_at, new.cancel_reason)
                    is not distinct from
                    (old.kind, old.title, old.description, old.starts_at, old.ends_at, old.place,
                     old.neighbourhood_id, old.theme_id, old.capacity, old.languages, old.step_free,
                     old.hearing_loop, old.childcare, old.access_notes, old.initiative_id,
                     old.attending_count, old.waiting_count, old.cancelled_at, old.cancel_reason) then
    return null;
  end if;
  perform realtime.send(
    jsonb_build_object(
      'id', new.id, 'kind', new.kind, 'title', new.title, 'description', new.description,
      'starts_at', new.starts_at, 'ends_at', new.ends_at, 'place', new.place,
      'neighbourhood_id', new.neighbourhood_id, 'theme_id', new.theme_id, 'capacity', new.capacity,
      'languages', new.languages, 'step_free', new.step_free, 'hearing_loop', new.hearing_loop,
      'childcare', new.childcare, 'access_notes', new.access_notes,
      'initiative_id', new.initiative_id, 'attending_count', new.attending_count,
      'waiting_count', new.waiting_count, 'cancelled_at', new.cancelled_at,
      'cancel_reason', new.cancel_reason, 'new', not was_public),
    'event', 'agenda:alle', true);
  return null;
end
$$;
comment on function private.broadcast_agenda_event() is
  'Sends the public columns of an event everyone may see (or only its id when it is hidden) to the Realtime topic agenda:alle.';
revoke execute on function private.broadcast_agenda_event() from public, anon, authenticated;
create trigger events_broadcast
  after insert or update or delete on public.events
  for each row execute function private.broadcast_agenda_event();

create policy "everyone may hear the agenda"
  on realtime.messages
  for select
  to anon, authenticated
  using (
    realtime.messages.extension = 'broadcast'
    and (select realtime.topic()) = 'agenda:alle'
  );

-- A coalition shows itself as an initiative ---------------------------------------------------------
-- The team, or a member of the coalition, makes the initiative; its name is the coalition's and
-- the caller is its contact (through Emmer). A retry returns the same initiative.
create or replace function public.present_coalition_as_initiative(
  coalition_id uuid, neighbourhood_id uuid, description text default null, meets text default null
)
returns public.initiatives
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  source public.coalitions;
  result public.initiatives;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  select * into source from public.coalitions c where c.id = present_coalition_as_initiative.coalition_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'coalition_not_found';
  end if;
  if not (private.is_moderator() or exists (
    select 1 from public.coalition_members m where m.coalition_id = source.id and m.profile_id = uid
  )) then
    raise exception using errcode = '42501', message = 'coalition_not_yours',
      detail = 'The team and the members of a coalition present it as an initiative.';
  end if;
  select * into result from public.initiatives i where i.coalition_id = source.id;
  if found then
    return result;
  end if;
  perform private.count_attempt('initiatives');
  insert into public.initiatives (name, description, neighbourhood_id, theme_id, meets, organiser_id, coalition_id)
  values (source.name,
          coalesce(nullif(private.clean_text(present_coalition_as_initiative.description), ''), source.description),
          present_coalition_as_initiative.neighbourhood_id, source.theme_id,
          private.clean_text(present_coalition_as_initiative.meets), uid, source.id)
  returning * into result;
  return result;
end
$$;
revoke execute on function public.present_coalition_as_initiative(uuid, uuid, text, text) from public, anon;
grant execute on function public.present_coalition_as_initiative(uuid, uuid, text, text) to authenticated, service_role;

-- Hiding: one helper for the two near-twins ----------------------------------------------------------
create or replace function private.hide_agenda_item(p_table text, p_id uuid, p_reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  reason text := private.clean_text(p_reason);
  hit integer;
begin
  if p_table not in ('events', 'initiatives') then
    raise exception using errcode = '22023', message = 'hide_target_unknown';
  end if;
  if coalesce(char_length(reason), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  execute format('update public.%I set hidden_at = now(), hidden_reason = $1, hidden_by = $2 where id = $3', p_table)
    using reason, uid, p_id;
  get diagnostics hit = row_count;
  if hit = 0 and p_table = 'events' then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  elsif hit = 0 then
    raise exception using errcode = 'P0002', message = 'initiative_not_found';
  end if;
  perform private.log_moderation('hide', p_table, p_id, reason, '{}'::jsonb);
end
$$;
revoke execute on function private.hide_agenda_item(text, uuid, text) from public, anon, authenticated;

create or replace function public.hide_event(event_id uuid, reason text)
returns void
language sql
security definer
set search_path = ''
as $$
  select private.hide_agenda_item('events', hide_event.event_id, hide_event.reason)
$$;

create or replace function public.hide_initiative(initiative_id uuid, reason text)
returns void
language sql
security definer
set search_path = ''
as $$
  select private.hide_agenda_item('initiatives', hide_initiative.initiative_id, hide_initiative.reason)
$$;
