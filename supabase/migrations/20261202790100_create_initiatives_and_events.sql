-- "Van initiatief naar initiatief" (Alliantieraad, April 2023): residents' initiatives made
-- visible, and an agenda of meetups and visits that people sign up for.
--
--  * initiatives: a group of residents (or a partner) doing something in a buurt. Its contact goes
--    through Emmer: the organiser's profile, never a published address.
--  * events: a meetup or a visit ("Kom langs") with a public meeting point; the exact address is
--    in event_addresses, which only the organiser, the team and people who signed up may read.
--  * event_signups: "Ik kom" and "Ik kom toch niet". join_event() and leave_event() take the
--    event's row lock, so the count is exact under any concurrency, and a place goes to the
--    waiting list in the order the sign-ups committed (queued_at is taken under that lock) and
--    passes on in that order when someone cancels.
-- Everything is written through functions that check the role, the rules and the rate limits.

create type public.event_kind as enum ('meetup', 'visit');
comment on type public.event_kind is 'meetup (bijeenkomst) or visit (Kom langs bij een initiatief, a small group).';
create type public.signup_status as enum ('attending', 'waiting', 'cancelled');

alter type public.notification_kind add value if not exists 'event_changed';
alter type public.notification_kind add value if not exists 'event_cancelled';
alter type public.notification_kind add value if not exists 'event_place_given';

insert into private.limits (action, max_count, per) values
  ('initiatives', 5, interval '1 day'),
  ('events', 10, interval '1 day'),
  ('event_signups', 30, interval '1 hour')
on conflict (action) do nothing;

-- Initiatives ------------------------------------------------------------------------------------

create table public.initiatives (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text not null,
  neighbourhood_id uuid not null references public.neighbourhoods (id),
  theme_id uuid references public.themes (id),
  meets text,
  lat numeric(8, 6),
  lng numeric(9, 6),
  organiser_id uuid not null references public.profiles (id) on delete cascade,
  idea_id uuid unique references public.ideas (id) on delete set null,
  coalition_id uuid unique references public.coalitions (id) on delete set null,
  hidden_at timestamptz,
  hidden_reason text,
  hidden_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint initiatives_name_length check (char_length(name) between 3 and 120),
  constraint initiatives_description_length check (char_length(description) between 20 and 2000),
  constraint initiatives_meets_length check (char_length(meets) <= 200),
  constraint initiatives_location_pair check ((lat is null) = (lng is null)),
  constraint initiatives_hidden_reason check ((hidden_at is null) = (hidden_reason is null))
);
alter table public.initiatives enable row level security;
comment on table public.initiatives is
  'Residents (or a partner) doing something in a buurt. Contact goes through Emmer (organiser_id), never a published address. Written by create_initiative() and initiative_from_idea(); the organiser edits the texts.';
create index initiatives_neighbourhood_id_idx on public.initiatives (neighbourhood_id);
create index initiatives_theme_id_idx on public.initiatives (theme_id);
create index initiatives_organiser_id_idx on public.initiatives (organiser_id);
create index initiatives_hidden_by_idx on public.initiatives (hidden_by);
create trigger initiatives_set_updated_at before update on public.initiatives
  for each row execute function private.set_updated_at();

revoke all on public.initiatives from public, anon, authenticated;
grant select on public.initiatives to anon, authenticated;
grant update (name, description, theme_id, meets, lat, lng) on public.initiatives to authenticated;

create policy initiatives_select_anon on public.initiatives for select to anon
  using (hidden_at is null);
create policy initiatives_select_authenticated on public.initiatives for select to authenticated
  using (hidden_at is null or organiser_id = (select auth.uid()) or (select private.is_moderator()));
create policy initiatives_update_organiser on public.initiatives for update to authenticated
  using (organiser_id = (select auth.uid()) and hidden_at is null)
  with check (organiser_id = (select auth.uid()) and hidden_at is null);

-- Events -----------------------------------------------------------------------------------------

create table public.events (
  id uuid primary key default gen_random_uuid(),
  kind public.event_kind not null default 'meetup',
  title text not null,
  description text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text not null,
  lat numeric(8, 6),
  lng numeric(9, 6),
  neighbourhood_id uuid not null references public.neighbourhoods (id),
  theme_id uuid references public.themes (id),
  capacity integer,
  languages text[] not null default '{nl}',
  step_free boolean not null default false,
  hearing_loop boolean not null default false,
  childcare boolean not null default false,
  access_notes text,
  initiative_id uuid references public.initiatives (id) on delete set null,
  idea_id uuid references public.ideas (id) on delete set null,
  coalition_id uuid references public.coalitions (id) on delete set null,
  organiser_id uuid not null references public.profiles (id) on delete cascade,
  attending_count integer not null default 0,
  waiting_count integer not null default 0,
  cancelled_at timestamptz,
  cancel_reason text,
  hidden_at timestamptz,
  hidden_reason text,
  hidden_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_title_length check (char_length(title) between 3 and 120),
  constraint events_description_length check (char_length(description) between 20 and 3000),
  constraint events_place_length check (char_length(place) between 3 and 200),
  constraint events_access_notes_length check (char_length(access_notes) <= 500),
  constraint events_end_after_start check (ends_at > starts_at),
  constraint events_sensible_length check (ends_at - starts_at <= interval '3 days'),
  constraint events_capacity_range check (capacity between 1 and 1000),
  constraint events_visit_small_group check (kind <> 'visit' or capacity between 1 and 15),
  constraint events_languages check (
    cardinality(languages) between 1 and 5 and languages <@ array['nl', 'en', 'tr', 'ar', 'pl']),
  constraint events_location_pair check ((lat is null) = (lng is null)),
  constraint events_counts check (attending_count >= 0 and waiting_count >= 0
    and (capacity is null or attending_count <= capacity)),
  constraint events_hidden_reason check ((hidden_at is null) = (hidden_reason is null)),
  constraint events_cancel_reason check (cancel_reason is null or cancelled_at is not null)
);
alter table public.events enable row level security;
comment on table public.events is
  'The agenda: meetups and visits, with a public meeting point (place). Written by create_event(), change_event() and cancel_event(); counts kept by join_event() and leave_event().';
comment on column public.events.place is 'Public: a meeting point or the street. The exact address is in event_addresses.';
create index events_starts_at_idx on public.events (starts_at);
create index events_neighbourhood_id_idx on public.events (neighbourhood_id, starts_at);
create index events_theme_id_idx on public.events (theme_id);
create index events_initiative_id_idx on public.events (initiative_id);
create index events_idea_id_idx on public.events (idea_id);
create index events_coalition_id_idx on public.events (coalition_id);
create index events_organiser_id_idx on public.events (organiser_id);
create index events_hidden_by_idx on public.events (hidden_by);
create trigger events_set_updated_at before update on public.events
  for each row execute function private.set_updated_at();

revoke all on public.events from public, anon, authenticated;
grant select on public.events to anon, authenticated;

create policy events_select_anon on public.events for select to anon
  using (hidden_at is null);
create policy events_select_authenticated on public.events for select to authenticated
  using (hidden_at is null or organiser_id = (select auth.uid()) or (select private.is_moderator()));

alter publication supabase_realtime add table public.events;

create table public.event_addresses (
  event_id uuid primary key references public.events (id) on delete cascade,
  address text not null,
  constraint event_addresses_length check (char_length(address) between 3 and 200)
);
alter table public.event_addresses enable row level security;
comment on table public.event_addresses is
  'The exact address of an event (often someone''s home, for a visit): only for the organiser, the team and the people who have a place.';

create table public.event_signups (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  status public.signup_status not null,
  queued_at bigint not null,
  attended boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
alter table public.event_signups enable row level security;
comment on table public.event_signups is
  'Who comes. Private: a person sees their own; the organiser and the team see everyone. Written by join_event(), leave_event() and mark_attendance().';
comment on column public.event_signups.queued_at is
  'Order of the sign-ups, taken under the event''s row lock: the order in which they committed.';
create index event_signups_user_id_idx on public.event_signups (user_id);
create index event_signups_queue_idx on public.event_signups (event_id, status, queued_at);
create sequence private.event_signup_order;
revoke all on sequence private.event_signup_order from public, anon, authenticated;
create trigger event_signups_set_updated_at before update on public.event_signups
  for each row execute function private.set_updated_at();

-- Runs as owner: a policy on event_signups may not read event_signups again as the caller.
create or replace function private.organises_event(p_event uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.events e where e.id = p_event and e.organiser_id = (select auth.uid()))
$$;
create or replace function private.has_place_at(p_event uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.event_signups s
                  where s.event_id = p_event and s.user_id = (select auth.uid()) and s.status = 'attending')
$$;
revoke execute on function private.organises_event(uuid), private.has_place_at(uuid) from public, anon;
grant execute on function private.organises_event(uuid), private.has_place_at(uuid) to authenticated;

revoke all on public.event_addresses from public, anon, authenticated;
grant select on public.event_addresses to authenticated;
create policy event_addresses_select_people_with_a_place on public.event_addresses for select to authenticated
  using ((select private.is_moderator()) or private.organises_event(event_id) or private.has_place_at(event_id));

revoke all on public.event_signups from public, anon, authenticated;
grant select on public.event_signups to authenticated;
create policy event_signups_select_own_or_organiser on public.event_signups for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_moderator()) or private.organises_event(event_id));

-- Helpers ----------------------------------------------------------------------------------------

alter table public.notifications add column event_id uuid references public.events (id) on delete cascade;
create index notifications_event_id_idx on public.notifications (event_id);

-- Counts one attempt of `kind` for the caller and refuses once over the limit (rate_limited: kind).
-- For functions that run as owner; the triggers use private.record_attempt().
create or replace function private.count_attempt(kind text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  recent bigint;
begin
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtext('rate_limit:' || kind), pg_catalog.hashtext(uid::text));
  insert into private.attempts (user_id, action) values (uid, kind);
  select count(*) into recent from private.attempts a
   where a.user_id = uid and a.action = kind and a.at > now() - private.limit_window(kind);
  perform private.enforce_limit(kind, recent);
end
$$;
revoke execute on function private.count_attempt(text) from public, anon, authenticated;

-- Who may put something in the agenda: the team, partners, and residents who organise an initiative.
create or replace function private.may_organise(uid uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_moderator()
      or exists (select 1 from public.profiles p where p.id = uid and p.role = 'partner')
      or exists (select 1 from public.initiatives i where i.organiser_id = uid and i.hidden_at is null)
$$;
revoke execute on function private.may_organise(uuid) from public, anon, authenticated;

create or replace function private.notify_event_people(p_event uuid, p_kind public.notification_kind)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.notifications (user_id, kind, event_id)
  select s.user_id, p_kind, p_event
    from public.event_signups s
   where s.event_id = p_event and s.status in ('attending', 'waiting')
$$;
revoke execute on function private.notify_event_people(uuid, public.notification_kind) from public, anon, authenticated;

-- Initiatives: create, from an idea -------------------------------------------------------------

create or replace function public.create_initiative(
  id uuid, name text, description text, neighbourhood_id uuid,
  theme_id uuid default null, meets text default null, lat numeric default null, lng numeric default null
)
returns public.initiatives
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  result public.initiatives;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  -- A retried submit returns what the first one made.
  select * into result from public.initiatives i where i.id = create_initiative.id;
  if found then
    if result.organiser_id <> uid then
      raise exception using errcode = '42501', message = 'initiative_not_yours';
    end if;
    return result;
  end if;
  perform private.count_attempt('initiatives');
  insert into public.initiatives (id, name, description, neighbourhood_id, theme_id, meets, lat, lng, organiser_id)
  values (create_initiative.id, private.clean_text(create_initiative.name),
          private.clean_text(create_initiative.description), create_initiative.neighbourhood_id,
          create_initiative.theme_id, private.clean_text(create_initiative.meets),
          create_initiative.lat, create_initiative.lng, uid)
  returning * into result;
  return result;
end
$$;

-- "Ik wil zelf iets doen": the author turns their idea of kind initiative into an initiative, in
-- one step, keeping the link.
create or replace function public.initiative_from_idea(idea_id uuid, meets text default null)
returns public.initiatives
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  source public.ideas;
  result public.initiatives;
begin
  select * into source from public.ideas i where i.id = initiative_from_idea.idea_id for update;
  if not found or source.author_id is distinct from uid then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  if source.kind <> 'initiative' then
    raise exception using errcode = 'P0001', message = 'initiative_needs_initiative_idea';
  end if;
  if source.hidden_at is not null or source.withdrawn_at is not null then
    raise exception using errcode = 'P0001', message = 'initiative_idea_not_visible';
  end if;
  select * into result from public.initiatives i where i.idea_id = source.id;
  if found then
    return result;
  end if;
  perform private.count_attempt('initiatives');
  insert into public.initiatives (name, description, neighbourhood_id, theme_id, meets, lat, lng, organiser_id, idea_id)
  values (left(source.title, 120), left(source.body, 2000), source.neighbourhood_id, source.theme_id,
          private.clean_text(initiative_from_idea.meets), source.lat, source.lng, uid, source.id)
  returning * into result;
  return result;
end
$$;

-- Events: create, change, cancel ----------------------------------------------------------------

create or replace function public.create_event(
  id uuid, title text, description text, starts_at timestamptz, ends_at timestamptz,
  place text, neighbourhood_id uuid,
  kind public.event_kind default 'meetup', address text default null, theme_id uuid default null,
  capacity integer default null, languages text[] default '{nl}',
  step_free boolean default false, hearing_loop boolean default false, childcare boolean default false,
  access_notes text default null, initiative_id uuid default null, idea_id uuid default null,
  coalition_id uuid default null, lat numeric default null, lng numeric default null
)
returns public.events
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  result public.events;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  select * into result from public.events e where e.id = create_event.id;
  if found then
    if result.organiser_id <> uid then
      raise exception using errcode = '42501', message = 'event_not_yours';
    end if;
    return result;
  end if;
  if not private.may_organise(uid) then
    raise exception using errcode = '42501', message = 'event_organiser_only',
      detail = 'The team, partners and residents with an initiative put events in the agenda.';
  end if;
  if create_event.initiative_id is not null and not exists (
    select 1 from public.initiatives i where i.id = create_event.initiative_id
       and i.hidden_at is null and (i.organiser_id = uid or private.is_moderator())
  ) then
    raise exception using errcode = 'P0001', message = 'event_initiative_not_yours';
  end if;
  if create_event.starts_at < now() then
    raise exception using errcode = 'P0001', message = 'event_in_past';
  end if;
  if create_event.kind = 'visit' and create_event.address is null then
    raise exception using errcode = 'P0001', message = 'event_visit_needs_address',
      detail = 'A visit has a public meeting point and an exact address for the people who come.';
  end if;
  perform private.count_attempt('events');
  insert into public.events (id, kind, title, description, starts_at, ends_at, place, lat, lng,
    neighbourhood_id, theme_id, capacity, languages, step_free, hearing_loop, childcare, access_notes,
    initiative_id, idea_id, coalition_id, organiser_id)
  values (create_event.id, create_event.kind, private.clean_text(create_event.title),
    private.clean_text(create_event.description), create_event.starts_at, create_event.ends_at,
    private.clean_text(create_event.place), create_event.lat, create_event.lng,
    create_event.neighbourhood_id, create_event.theme_id, create_event.capacity,
    create_event.languages, create_event.step_free, create_event.hearing_loop,
    create_event.childcare, private.clean_text(create_event.access_notes),
    create_event.initiative_id, create_event.idea_id, create_event.coalition_id, uid)
  returning * into result;
  if create_event.address is not null then
    insert into public.event_addresses (event_id, address)
    values (result.id, private.clean_text(create_event.address));
  end if;
  return result;
end
$$;

-- A new time or place: everyone who signed up (and the waiting list) is told.
create or replace function public.change_event(
  event_id uuid, starts_at timestamptz, ends_at timestamptz, place text, address text default null
)
returns public.events
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.events;
  result public.events;
begin
  select * into target from public.events e where e.id = change_event.event_id for update;
  if not found or not (target.organiser_id = uid or private.is_moderator()) then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  if target.cancelled_at is not null then
    raise exception using errcode = 'P0001', message = 'event_cancelled';
  end if;
  if change_event.starts_at < now() and change_event.starts_at <> target.starts_at then
    raise exception using errcode = 'P0001', message = 'event_in_past';
  end if;
  update public.events e
     set starts_at = change_event.starts_at, ends_at = change_event.ends_at,
         place = private.clean_text(change_event.place)
   where e.id = target.id
  returning * into result;
  if change_event.address is not null then
    insert into public.event_addresses (event_id, address)
    values (target.id, private.clean_text(change_event.address))
    on conflict on constraint event_addresses_pkey do update set address = excluded.address;
  end if;
  if result.starts_at <> target.starts_at or result.ends_at <> target.ends_at
     or result.place <> target.place or change_event.address is not null then
    perform private.notify_event_people(target.id, 'event_changed');
  end if;
  return result;
end
$$;

create or replace function public.cancel_event(event_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.events;
begin
  select * into target from public.events e where e.id = cancel_event.event_id for update;
  if not found or not (target.organiser_id = uid or private.is_moderator()) then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  if target.cancelled_at is not null then
    return;
  end if;
  if coalesce(char_length(private.clean_text(cancel_event.reason)), 0) < 5 then
    raise exception using errcode = 'P0001', message = 'event_cancel_reason_too_short';
  end if;
  update public.events e
     set cancelled_at = now(), cancel_reason = private.clean_text(cancel_event.reason)
   where e.id = target.id;
  perform private.notify_event_people(target.id, 'event_cancelled');
end
$$;

-- Signing up -------------------------------------------------------------------------------------

create or replace function public.join_event(event_id uuid)
returns public.signup_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.events;
  mine public.event_signups;
  given public.signup_status;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  -- The lock makes sign-ups to one event wait for each other: exact counts, and queued_at in the
  -- order the sign-ups commit.
  select * into target from public.events e where e.id = join_event.event_id for update;
  if not found or target.hidden_at is not null then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  if target.cancelled_at is not null then
    raise exception using errcode = 'P0001', message = 'event_cancelled';
  end if;
  if target.ends_at < now() then
    raise exception using errcode = 'P0001', message = 'event_over';
  end if;
  select * into mine from public.event_signups s where s.event_id = target.id and s.user_id = uid;
  if found and mine.status <> 'cancelled' then
    return mine.status; -- "Ik kom" pressed twice counts once
  end if;
  perform private.count_attempt('event_signups');
  given := case when target.capacity is null or target.attending_count < target.capacity
                then 'attending' else 'waiting' end;
  insert into public.event_signups (event_id, user_id, status, queued_at)
  values (target.id, uid, given, nextval('private.event_signup_order'))
  on conflict on constraint event_signups_pkey do update
    set status = excluded.status, queued_at = excluded.queued_at, attended = null;
  update public.events e
     set attending_count = e.attending_count + (given = 'attending')::int,
         waiting_count = e.waiting_count + (given = 'waiting')::int
   where e.id = target.id;
  return given;
end
$$;

-- "Ik kom toch niet": the first on the waiting list gets the place and is told.
create or replace function public.leave_event(event_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.events;
  mine public.event_signups;
  next_up uuid;
begin
  select * into target from public.events e where e.id = leave_event.event_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  select * into mine from public.event_signups s where s.event_id = target.id and s.user_id = uid;
  if not found or mine.status = 'cancelled' then
    return;
  end if;
  update public.event_signups s set status = 'cancelled' where s.event_id = target.id and s.user_id = uid;
  if mine.status = 'waiting' then
    update public.events e set waiting_count = e.waiting_count - 1 where e.id = target.id;
    return;
  end if;
  select s.user_id into next_up from public.event_signups s
   where s.event_id = target.id and s.status = 'waiting'
   order by s.queued_at limit 1;
  if next_up is null or target.cancelled_at is not null then
    update public.events e set attending_count = e.attending_count - 1 where e.id = target.id;
  else
    update public.event_signups s set status = 'attending' where s.event_id = target.id and s.user_id = next_up;
    update public.events e set waiting_count = e.waiting_count - 1 where e.id = target.id;
    insert into public.notifications (user_id, kind, event_id) values (next_up, 'event_place_given', target.id);
  end if;
end
$$;

-- The organiser (or the team) ticks who came, once the event has started.
create or replace function public.mark_attendance(event_id uuid, user_id uuid, came boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.events;
begin
  select * into target from public.events e where e.id = mark_attendance.event_id;
  if not found or not (target.organiser_id = uid or private.is_moderator()) then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  if target.starts_at > now() then
    raise exception using errcode = 'P0001', message = 'event_not_started';
  end if;
  update public.event_signups s set attended = mark_attendance.came
   where s.event_id = target.id and s.user_id = mark_attendance.user_id and s.status = 'attending';
  if not found then
    raise exception using errcode = 'P0002', message = 'signup_not_found';
  end if;
end
$$;

-- The team hides an event or an initiative with a reason, like a comment.
create or replace function public.hide_event(event_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
begin
  if coalesce(char_length(private.clean_text(hide_event.reason)), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.events e
     set hidden_at = now(), hidden_reason = private.clean_text(hide_event.reason), hidden_by = uid
   where e.id = hide_event.event_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'event_not_found';
  end if;
  perform private.log_moderation('hide', 'events', hide_event.event_id, private.clean_text(hide_event.reason), '{}'::jsonb);
end
$$;

create or replace function public.hide_initiative(initiative_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
begin
  if coalesce(char_length(private.clean_text(hide_initiative.reason)), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.initiatives i
     set hidden_at = now(), hidden_reason = private.clean_text(hide_initiative.reason), hidden_by = uid
   where i.id = hide_initiative.initiative_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'initiative_not_found';
  end if;
  perform private.log_moderation('hide', 'initiatives', hide_initiative.initiative_id, private.clean_text(hide_initiative.reason), '{}'::jsonb);
end
$$;

do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.create_initiative(uuid, text, text, uuid, uuid, text, numeric, numeric)',
    'public.initiative_from_idea(uuid, text)',
    'public.create_event(uuid, text, text, timestamptz, timestamptz, text, uuid, public.event_kind, text, uuid, integer, text[], boolean, boolean, boolean, text, uuid, uuid, uuid, numeric, numeric)',
    'public.change_event(uuid, timestamptz, timestamptz, text, text)',
    'public.cancel_event(uuid, text)',
    'public.join_event(uuid)',
    'public.leave_event(uuid)',
    'public.mark_attendance(uuid, uuid, boolean)',
    'public.hide_event(uuid, text)',
    'public.hide_initiative(uuid, text)'
  ] loop
    execute format('revoke execute on function %s from public, anon', fn);
    execute format('grant execute on function %s to authenticated, service_role', fn);
  end loop;
end
$$;

-- A message about an event is readable while the event is (a hidden event's messages go quiet),
-- besides the conditions of 20260705000300_notify_team_of_new_reports.sql.
drop policy if exists notifications_select_own on public.notifications;
create policy notifications_select_own on public.notifications for select to authenticated
  using (
    user_id = (select auth.uid())
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = notifications.idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = notifications.comment_id))
    and (report_id is null or exists (select 1 from public.reports r where r.id = notifications.report_id))
    and (event_id is null or exists (select 1 from public.events e where e.id = notifications.event_id))
  );
