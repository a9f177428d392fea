-- "Is er een digitale emmer – post it – voor ideeën?" Not everyone in Woensel-Zuid will type an
-- idea into a website. Ideas also arrive on post-its, at a coffee morning or by phone, and the
-- programme office should be able to put them in the same bucket, so they get the same public
-- answer and trail ("Niet over ons, zonder ons").
--
-- Such an idea has no author account: author_id stays null (no name is stored for the person who
-- wrote the post-it), `channel` says how it came in, and `recorded_by` which team member typed it
-- (for the team; the log has it too). Only the team may record one, through record_offline_idea;
-- the API's insert grant does not include channel or recorded_by, so residents cannot pose as it.
-- The team's own per-person limit does not apply: a stack of post-its is typed in one go.
create type public.idea_channel as enum ('app', 'paper', 'meeting', 'phone');
comment on type public.idea_channel is
  'How an idea reached Emmer: typed by its author in the app, or recorded by the team from paper (post-its, letters), a meeting, or a phone call.';

alter table public.ideas
  add column channel public.idea_channel not null default 'app',
  add column recorded_by uuid references public.profiles (id) on delete set null,
  add constraint ideas_offline_has_no_author check (channel = 'app' or author_id is null),
  add constraint ideas_app_not_recorded check (channel <> 'app' or recorded_by is null);
comment on column public.ideas.channel is
  'app: typed by its author. paper, meeting, phone: recorded by the team (recorded_by) for someone without an account.';
comment on column public.ideas.recorded_by is
  'The team member who recorded an idea that came in on paper, at a meeting or by phone.';
create index ideas_recorded_by_idx on public.ideas (recorded_by);

create or replace function public.record_offline_idea(
  id uuid,
  title text,
  body text,
  kind public.idea_kind,
  theme_id uuid,
  neighbourhood_id uuid,
  channel public.idea_channel
)
returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  result public.ideas;
begin
  if record_offline_idea.channel = 'app' then
    raise exception using errcode = 'P0001', message = 'idea_channel_not_offline',
      detail = 'The team records ideas that came in on paper, at a meeting or by phone.';
  end if;
  -- A retry of the same request (the first answer got lost) returns the idea already saved.
  select * into result from public.ideas i
   where i.id = record_offline_idea.id and i.recorded_by = uid;
  if result.id is not null then
    return result;
  end if;
  insert into public.ideas as i (id, title, body, kind, theme_id, neighbourhood_id, author_id,
                                 channel, recorded_by)
  values (record_offline_idea.id, record_offline_idea.title, record_offline_idea.body,
          record_offline_idea.kind, record_offline_idea.theme_id,
          record_offline_idea.neighbourhood_id, null, record_offline_idea.channel, uid)
  on conflict on constraint ideas_pkey do nothing
  returning * into result;
  if result.id is null then
    select * into result from public.ideas i
     where i.id = record_offline_idea.id and i.recorded_by = uid;
    if result.id is null then
      raise exception using errcode = '23505', message = 'idea_id_taken',
        detail = 'An idea with this id exists and was not recorded by you.';
    end if;
  end if;
  perform private.log_moderation('record_offline', 'ideas', result.id, null,
                                 jsonb_build_object('channel', result.channel));
  return result;
end
$$;
comment on function public.record_offline_idea(uuid, text, text, public.idea_kind, uuid, uuid, public.idea_channel) is
  'Team only: records an idea that came in on paper, at a meeting or by phone, without an author account. Idempotent per id.';
revoke execute on function public.record_offline_idea(uuid, text, text, public.idea_kind, uuid, uuid, public.idea_channel) from public, anon;
grant execute on function public.record_offline_idea(uuid, text, text, public.idea_kind, uuid, uuid, public.idea_channel) to authenticated, service_role;

-- The cards say how an idea came in ("Opgeschreven door het team"). New columns go at the end.
create or replace view public.searchable_idea_cards
with (security_invoker = true)
as
select i.id, i.title, i.body, i.kind, i.status, i.theme_id, i.neighbourhood_id, i.vote_count,
       i.comment_count, i.author_id, i.coalition_id, i.created_at,
       t.slug as theme_slug, n.name as neighbourhood_name,
       p.display_name as author_name, p.organisation_id as author_organisation_id,
       i.search, i.channel
  from public.ideas i
  join public.themes t on t.id = i.theme_id
  join public.neighbourhoods n on n.id = i.neighbourhood_id
  left join public.profiles p on p.id = i.author_id;

create or replace view public.idea_cards
with (security_invoker = true)
as
select id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count,
       author_id, coalition_id, created_at, theme_slug, neighbourhood_name, author_name,
       author_organisation_id, channel
  from public.searchable_idea_cards;
