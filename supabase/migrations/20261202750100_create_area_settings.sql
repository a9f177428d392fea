-- Settings as data: the next area takes Emmer into use without a code change.
--
-- public.area_settings is one row: the area, the programme, how to reach the team, the answer
-- promise, the map and the brand colour. Everyone reads it; admins (aal2, private.is_admin) change
-- it; every check is here, in a trigger that refuses with a stable message key the app translates.
-- Themes carry their own name and a one-sentence explanation per language.
-- public.app_config() hands the app the settings, the rules Postgres enforces (lengths, windows,
-- rate limits) and the themes in one request, made next to the first screen's other requests.

-- Settings -----------------------------------------------------------------------------------
create table public.area_settings (
  -- Always one row: the primary key can only be true.
  id boolean primary key default true check (id),
  area_name text not null,
  city text not null,
  programme_name text not null,
  contact_email text not null default '',
  contact_phone text not null default '',
  contact_address text not null default '',
  -- Walk-in hours in the team's words, per language ({"nl": "...", "en": "..."}); a missing
  -- language falls back to Dutch in the app.
  walk_in_hours jsonb not null default '{}'::jsonb,
  answer_days smallint not null default 14,
  map_centre_lat numeric(8, 6) not null,
  map_centre_lng numeric(8, 6) not null,
  bounds_south numeric(8, 6) not null,
  bounds_north numeric(8, 6) not null,
  bounds_west numeric(8, 6) not null,
  bounds_east numeric(8, 6) not null,
  brand_colour text not null default '#0b5c56',
  updated_at timestamptz not null default now()
);
alter table public.area_settings enable row level security;
comment on table public.area_settings is
  'One row: the area, the programme, the team''s contact, the answer promise in days, the map and the brand colour. Everyone reads; admins (aal2) edit.';

-- Texts per language: an object whose keys are the five locales and whose values are strings.
create or replace function private.check_translations(value jsonb, field text, max_length integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if value is null or jsonb_typeof(value) <> 'object' or exists (
    select 1 from jsonb_each(value) e
     where e.key not in ('nl', 'en', 'tr', 'ar', 'pl') or jsonb_typeof(e.value) <> 'string'
  ) then
    raise exception using errcode = '23514', message = 'translations_invalid', detail = field;
  end if;
  if exists (select 1 from jsonb_each_text(value) e where char_length(e.value) > max_length) then
    raise exception using errcode = '23514', message = 'settings_text_too_long', detail = field;
  end if;
end
$$;
revoke execute on function private.check_translations(jsonb, text, integer) from public;

-- The contrast of white text on a #rrggbb colour (WCAG 2.x: relative luminance of sRGB).
create or replace function private.white_contrast(colour text)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select 1.05 / (sum(ch.weight * case when v.c <= 0.04045 then v.c / 12.92
                                      else power((v.c + 0.055) / 1.055, 2.4) end) + 0.05)
    from (values (2, 0.2126), (4, 0.7152), (6, 0.0722)) as ch(pos, weight),
         lateral (select ('x' || substr(colour, ch.pos, 2))::bit(8)::integer / 255.0 as c) v
$$;
revoke execute on function private.white_contrast(text) from public;

create or replace function private.check_area_settings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.area_name := btrim(new.area_name);
  new.city := btrim(new.city);
  new.programme_name := btrim(new.programme_name);
  new.contact_email := btrim(new.contact_email);
  new.contact_phone := btrim(new.contact_phone);
  new.contact_address := btrim(new.contact_address);
  new.brand_colour := lower(btrim(new.brand_colour));
  if char_length(new.area_name) not between 2 and 80 or char_length(new.city) not between 2 and 80
     or char_length(new.programme_name) not between 2 and 120 then
    raise exception using errcode = '23514', message = 'settings_name_length';
  end if;
  if new.contact_email <> '' and (char_length(new.contact_email) > 254
     or new.contact_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    raise exception using errcode = '23514', message = 'settings_email_invalid';
  end if;
  if char_length(new.contact_phone) > 40 or new.contact_phone !~ '^[0-9+() -]*$' then
    raise exception using errcode = '23514', message = 'settings_phone_invalid';
  end if;
  if char_length(new.contact_address) > 300 then
    raise exception using errcode = '23514', message = 'settings_text_too_long', detail = 'contact_address';
  end if;
  perform private.check_translations(new.walk_in_hours, 'walk_in_hours', 300);
  if new.answer_days not between 1 and 90 then
    raise exception using errcode = '23514', message = 'settings_answer_days_invalid';
  end if;
  if new.bounds_south < -90 or new.bounds_north > 90 or new.bounds_west < -180 or new.bounds_east > 180
     or new.bounds_south >= new.bounds_north or new.bounds_west >= new.bounds_east then
    raise exception using errcode = '23514', message = 'settings_bounds_invalid';
  end if;
  if new.map_centre_lat not between new.bounds_south and new.bounds_north
     or new.map_centre_lng not between new.bounds_west and new.bounds_east then
    raise exception using errcode = '23514', message = 'settings_centre_outside_bounds';
  end if;
  if new.brand_colour !~ '^#[0-9a-f]{6}$' then
    raise exception using errcode = '23514', message = 'settings_colour_invalid';
  end if;
  -- WCAG AA for normal text: white on the brand colour needs a contrast of at least 4.5:1.
  if private.white_contrast(new.brand_colour) < 4.5 then
    raise exception using errcode = '23514', message = 'settings_colour_contrast',
      detail = 'White text on ' || new.brand_colour || ' has a contrast of '
               || round(private.white_contrast(new.brand_colour), 2) || ':1; at least 4.5:1 is needed.';
  end if;
  new.updated_at := now();
  return new;
end
$$;
revoke execute on function private.check_area_settings() from public;

create trigger area_settings_check
  before insert or update on public.area_settings
  for each row execute function private.check_area_settings();

-- Woensel-Zuid, as Emmer ran until now (the map and bounds were in mapConfig.ts and in the
-- constraint ideas_location_in_eindhoven). Another area changes this row on /beheer.
insert into public.area_settings (
  area_name, city, programme_name, walk_in_hours, answer_days,
  map_centre_lat, map_centre_lng, bounds_south, bounds_north, bounds_west, bounds_east, brand_colour
) values (
  'Woensel-Zuid', 'Eindhoven', 'Pact Woensel Zuid', '{}'::jsonb, 14,
  51.4567, 5.4725, 51.38, 51.52, 5.36, 5.58, '#0b5c56'
);

create policy area_settings_select_all on public.area_settings
  for select to anon, authenticated using (true);
create policy area_settings_update_admin on public.area_settings
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

revoke all on public.area_settings from anon, authenticated;
grant select on public.area_settings to anon, authenticated;
grant update (area_name, city, programme_name, contact_email, contact_phone, contact_address,
              walk_in_hours, answer_days, map_centre_lat, map_centre_lng,
              bounds_south, bounds_north, bounds_west, bounds_east, brand_colour)
  on public.area_settings to authenticated;

-- Ideas: the location must lie within the area's bounds (was a fixed check on Eindhoven). Only
-- a new or moved location is checked, so narrowing the bounds leaves older ideas alone.
alter table public.ideas drop constraint ideas_location_in_eindhoven;
comment on column public.ideas.lat is 'Optional location (WGS84), within the bounds in public.area_settings.';

create or replace function private.check_idea_location()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.area_settings;
begin
  if new.lat is null or (tg_op = 'UPDATE' and new.lat = old.lat and new.lng = old.lng) then
    return new;
  end if;
  select * into s from public.area_settings;
  if new.lat not between s.bounds_south and s.bounds_north
     or new.lng not between s.bounds_west and s.bounds_east then
    raise exception using errcode = '23514', message = 'location_outside_area';
  end if;
  return new;
end
$$;
revoke execute on function private.check_idea_location() from public;

create trigger ideas_location_in_area
  before insert or update of lat, lng on public.ideas
  for each row execute function private.check_idea_location();

-- Themes: a name and a one-sentence explanation per language ---------------------------------
alter table public.themes
  add column name jsonb not null default '{}'::jsonb,
  add column explanation jsonb not null default '{}'::jsonb;
comment on column public.themes.name is 'The theme''s name per language ({"nl": ..., "en": ...}); Dutch is needed, others fall back to it.';
comment on column public.themes.explanation is 'One sentence (B1) per language that says what the theme is about; falls back to Dutch.';

create or replace function private.check_theme_texts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.check_translations(new.name, 'name', 60);
  perform private.check_translations(new.explanation, 'explanation', 300);
  new.name := (select coalesce(jsonb_object_agg(e.key, btrim(e.value)) filter (where btrim(e.value) <> ''), '{}')
                 from jsonb_each_text(new.name) e);
  new.explanation := (select coalesce(jsonb_object_agg(e.key, btrim(e.value)) filter (where btrim(e.value) <> ''), '{}')
                        from jsonb_each_text(new.explanation) e);
  -- A theme added without a name (by an older app) gets its slug, readable, as its Dutch name,
  -- never a raw key; the admin page lists themes whose texts miss a language.
  if coalesce(new.name ->> 'nl', '') = '' then
    new.name := new.name || jsonb_build_object('nl', initcap(replace(new.slug, '-', ' ')));
  end if;
  return new;
end
$$;
revoke execute on function private.check_theme_texts() from public;

-- The four themes Emmer had in its language files, for projects that have them already.
update public.themes t set name = v.name::jsonb, explanation = v.explanation::jsonb
  from (values
    ('perspectief',
     '{"nl": "Perspectief", "en": "Prospects", "tr": "Gelecek", "ar": "آفاق المستقبل", "pl": "Perspektywy"}',
     '{"nl": "Kansen voor de toekomst: school, werk, geld en gezondheid.", "en": "Chances for the future: school, work, money and health.", "tr": "Gelecek için fırsatlar: okul, iş, para ve sağlık.", "ar": "فرص للمستقبل: المدرسة والعمل والمال والصحة.", "pl": "Szanse na przyszłość: szkoła, praca, pieniądze i zdrowie."}'),
    ('fijne-buurt',
     '{"nl": "Fijne buurt", "en": "Pleasant neighbourhood", "tr": "Güzel mahalle", "ar": "حي جميل", "pl": "Miła okolica"}',
     '{"nl": "Een schone, groene en prettige buurt: straten, pleinen en parken.", "en": "A clean, green and pleasant neighbourhood: streets, squares and parks.", "tr": "Temiz, yeşil ve hoş bir mahalle: sokaklar, meydanlar ve parklar.", "ar": "حي نظيف وأخضر ومريح: الشوارع والساحات والحدائق.", "pl": "Czysta, zielona i przyjemna okolica: ulice, place i parki."}'),
    ('samen-leven',
     '{"nl": "Samen leven", "en": "Living together", "tr": "Birlikte yaşamak", "ar": "العيش معًا", "pl": "Wspólne życie"}',
     '{"nl": "Buren die elkaar kennen en helpen, en dingen samen doen.", "en": "Neighbours who know and help each other, and do things together.", "tr": "Birbirini tanıyan, birbirine yardım eden ve birlikte bir şeyler yapan komşular.", "ar": "جيران يعرفون بعضهم ويساعدون بعضهم ويفعلون أشياء معًا.", "pl": "Sąsiedzi, którzy się znają, pomagają sobie i robią coś razem."}'),
    ('veiligheid',
     '{"nl": "Veiligheid", "en": "Safety", "tr": "Güvenlik", "ar": "الأمان", "pl": "Bezpieczeństwo"}',
     '{"nl": "Je veilig voelen op straat en thuis, overdag en in de avond.", "en": "Feeling safe in the street and at home, by day and in the evening.", "tr": "Sokakta ve evde, gündüz ve akşam kendini güvende hissetmek.", "ar": "أن تشعر بالأمان في الشارع وفي البيت، في النهار وفي المساء.", "pl": "Czuć się bezpiecznie na ulicy i w domu, w dzień i wieczorem."}')
  ) as v(slug, name, explanation)
 where t.slug = v.slug;
-- Any other theme an admin added keeps its slug as its Dutch name until they write one.
update public.themes set name = jsonb_build_object('nl', initcap(replace(slug, '-', ' ')))
 where coalesce(name ->> 'nl', '') = '';

create trigger themes_check_texts
  before insert or update on public.themes
  for each row execute function private.check_theme_texts();

grant insert (name, explanation), update (name, explanation) on public.themes to authenticated;

-- The rules Postgres enforces, for the app to show and to check before sending ----------------
-- These numbers are what the constraints and triggers enforce (ideas_title_length,
-- ideas_body_length, comments_body_length, the 24-hour and 15-minute windows in the idea and
-- comment triggers, the coalition balance); tests/db/app-config.test.ts fails when one of them
-- and the enforcement part ways. The rate limits are read from private.limits itself.
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
    'limits', coalesce((
      select jsonb_object_agg(l.action, jsonb_build_object(
               'max', l.max_count, 'window_seconds', extract(epoch from l.per)::integer))
        from private.limits l
    ), '{}'::jsonb)
  )
$$;
revoke execute on function private.app_rules() from public;

create or replace function public.app_config()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'settings', (select to_jsonb(s) - 'id' from public.area_settings s),
    'rules', private.app_rules(),
    'themes', coalesce((
      select jsonb_agg(jsonb_build_object('id', t.id, 'slug', t.slug, 'name', t.name,
                                          'explanation', t.explanation)
                       order by t.position, t.slug)
        from public.themes t
    ), '[]'::jsonb)
  )
$$;
comment on function public.app_config() is
  'For everyone, read when the app starts: the area settings, the rules Postgres enforces (lengths, edit windows, coalition balance, rate limits) and the themes with their texts.';
revoke execute on function public.app_config() from public;
grant execute on function public.app_config() to anon, authenticated, service_role;

-- The answer promise: the figures read it from the settings (was 14 days written in SQL). The
-- keys keep their names so that existing readers go on working; answer_days says the number.
create or replace function private.dashboard_figures(period_start date, period_end date)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  from_ts timestamptz;
  to_ts timestamptz;
  promise interval := make_interval(days => (select s.answer_days from public.area_settings s));
  result jsonb;
begin
  if period_start is null or period_end is null or period_end < period_start then
    raise exception using errcode = 'P0001', message = 'period_invalid';
  end if;
  from_ts := period_start::timestamptz;
  to_ts := (period_end + 1)::timestamptz;

  with period_ideas as (
    select i.id, i.status, i.theme_id, i.neighbourhood_id, i.created_at,
           (select min(u.created_at) from public.idea_updates u
             where u.idea_id = i.id and u.status <> 'new') as first_answer_at
      from public.ideas i
     where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null and i.withdrawn_at is null
  ),
  answered as (
    select extract(epoch from (p.first_answer_at - p.created_at)) / 86400.0 as days
      from period_ideas p where p.first_answer_at is not null
  ),
  trust as (
    select count(*) filter (where p.first_answer_at <= p.created_at + promise) as within,
           count(*) filter (where p.first_answer_at is not null or p.created_at <= now() - promise) as due
      from period_ideas p
  )
  select jsonb_build_object(
    'period_start', period_start,
    'period_end', period_end,
    'answer_days', extract(day from promise)::integer,
    'total', (select count(*) from period_ideas),
    'answered', (select count(*) from answered),
    'median_days_to_answer', (select round((percentile_cont(0.5) within group (order by a.days))::numeric, 1) from answered a),
    'answered_within_14_days', (select t.within from trust t),
    'due_within_14_days', (select t.due from trust t),
    'share_within_14_days', (select case when t.due > 0 then round(t.within::numeric / t.due, 3) end from trust t),
    'per_neighbourhood', coalesce((
      select jsonb_agg(jsonb_build_object('id', n.id, 'name', n.name, 'district', n.district, 'count', c.n)
                       order by c.n desc, n.name)
        from public.neighbourhoods n
        join (select p.neighbourhood_id, count(*) as n from period_ideas p group by 1) c on c.neighbourhood_id = n.id
    ), '[]'::jsonb),
    'per_theme', coalesce((
      select jsonb_agg(jsonb_build_object('id', t.id, 'slug', t.slug, 'count', coalesce(c.n, 0)) order by t.position, t.slug)
        from public.themes t
        left join (select p.theme_id, count(*) as n from period_ideas p group by 1) c on c.theme_id = t.id
    ), '[]'::jsonb),
    'funnel', coalesce((
      select jsonb_agg(jsonb_build_object('status', s.status, 'count', coalesce(c.n, 0)) order by s.ord)
        from unnest(enum_range(null::public.idea_status)) with ordinality as s(status, ord)
        left join (select p.status, count(*) as n from period_ideas p group by 1) c on c.status = s.status
    ), '[]'::jsonb),
    'over_time', coalesce((
      select jsonb_agg(jsonb_build_object('week', w.week::date, 'count', coalesce(c.n, 0)) order by w.week)
        from generate_series(date_trunc('week', from_ts), date_trunc('week', to_ts - interval '1 second'), interval '1 week') as w(week)
        left join (select date_trunc('week', p.created_at) as week, count(*) as n from period_ideas p group by 1) c
          on c.week = w.week
    ), '[]'::jsonb)
  ) into result;
  return result;
end
$$;
