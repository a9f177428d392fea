-- Withdrawing an idea deleted it (DELETE on ideas, allowed to its author while new and without
-- other people's votes). The delete cascaded: reports about the idea, the team's notifications
-- of them, other people's comments and the reports on those went with it, and the moderation log
-- kept nothing. So a resident whose abusive idea was reported could erase the report by
-- "withdrawing" it, and an author could remove their hidden idea from under the team.
--
-- Now nobody deletes an idea through the API. The author withdraws it with withdraw_idea():
--   * withdrawn_at is set, and the idea leaves every list, search, view and realtime stream at
--     once, for everyone but the team (the ideas policies below; the author does not see it
--     either, as "withdraw" promises, but gets it in export_my_data()). Its comments, trail and
--     notifications follow, because their policies ask whether the idea is visible.
--   * other people's comments, votes, reports and the team's notifications stay, for the team.
--   * the same rules as before decide when: only while the idea is new and nobody else voted
--     (once others support it, it is partly theirs; the author can still change the text in the
--     first 24 hours, or ask the team to hide it). A hidden idea cannot be withdrawn: what the
--     team hid stays as it was.
--   * a row in idea_withdrawals (only the idea's id and the time) tells open lists to drop the
--     card: an UPDATE that makes a row invisible reaches nobody through Realtime, as on Supabase.
--   * the moderation log records the withdrawal, without the text.
-- The text is erased later (20261202100300).

alter table public.ideas
  add column withdrawn_at timestamptz,
  add column text_erased_at timestamptz,
  add constraint ideas_erased_only_when_withdrawn check (text_erased_at is null or withdrawn_at is not null);
comment on column public.ideas.withdrawn_at is
  'When the author withdrew the idea (withdraw_idea). From then on only the team sees it.';
comment on column public.ideas.text_erased_at is
  'When the text of a withdrawn idea was erased (erase_withdrawn_ideas); title and body then hold a placeholder.';
create index ideas_withdrawn_at_idx on public.ideas (withdrawn_at) where withdrawn_at is not null;

-- No more deleting ideas through the API.
drop policy if exists ideas_delete_author on public.ideas;
revoke delete on public.ideas from anon, authenticated;
drop trigger if exists ideas_before_delete on public.ideas;
drop function if exists private.ideas_before_delete();

-- A withdrawn idea is seen by the team only.
drop policy if exists ideas_select_anon on public.ideas;
drop policy if exists ideas_select_authenticated on public.ideas;
drop policy if exists ideas_update_author on public.ideas;
create policy ideas_select_anon on public.ideas for select to anon
  using (hidden_at is null and withdrawn_at is null);
create policy ideas_select_authenticated on public.ideas for select to authenticated
  using (
    (withdrawn_at is null and (hidden_at is null or author_id = (select auth.uid())))
    or (select private.is_moderator())
  );
create policy ideas_update_author on public.ideas for update to authenticated
  using (author_id = (select auth.uid()) and withdrawn_at is null)
  with check (author_id = (select auth.uid()) and withdrawn_at is null);

-- Triggers that write on someone's behalf use the same rule.
create or replace function private.may_see_idea(p_user uuid, p_idea uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.ideas i
     where i.id = p_idea
       and ((i.withdrawn_at is null and (i.hidden_at is null or i.author_id = p_user))
            or exists (select 1 from public.profiles p where p.id = p_user and p.role in ('moderator', 'admin')))
  )
$$;

-- Open lists drop a withdrawn card when this row arrives (Realtime INSERT, readable by everyone).
create table public.idea_withdrawals (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  withdrawn_at timestamptz not null default now()
);
alter table public.idea_withdrawals enable row level security;
comment on table public.idea_withdrawals is
  'Which ideas their authors withdrew, and when: only ids, so that open lists can drop the card live. Written by withdraw_idea().';
revoke all on public.idea_withdrawals from anon, authenticated;
grant select on public.idea_withdrawals to anon, authenticated;
create policy idea_withdrawals_select_all on public.idea_withdrawals for select to anon, authenticated using (true);
alter publication supabase_realtime add table public.idea_withdrawals;

create or replace function public.withdraw_idea(idea_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.ideas;
  other_votes bigint;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  select * into target from public.ideas i where i.id = withdraw_idea.idea_id for update;
  -- Someone else's idea and a missing one get the same answer.
  if not found or target.author_id is distinct from uid then
    raise exception using errcode = '42501', message = 'not_allowed',
      detail = 'Only the author can withdraw an idea.';
  end if;
  if target.withdrawn_at is not null then
    return; -- a retry after a lost answer
  end if;
  if target.hidden_at is not null then
    raise exception using errcode = 'P0001', message = 'idea_hidden_by_team',
      detail = 'The team hid this idea; it stays as it was.', hint = 'idea_hidden_by_team';
  end if;
  if target.status <> 'new' then
    raise exception using errcode = 'P0001', message = 'idea_withdraw_not_new',
      detail = 'An idea can be withdrawn only while it is new.';
  end if;
  select count(*) into other_votes from public.votes v where v.idea_id = target.id and v.user_id <> uid;
  if other_votes > 0 then
    raise exception using errcode = 'P0001', message = 'idea_withdraw_has_votes',
      detail = 'Others have voted on this idea.';
  end if;

  update public.ideas i set withdrawn_at = now() where i.id = target.id;
  insert into public.idea_withdrawals (idea_id) values (target.id);
  perform private.log_moderation('withdraw', 'ideas', target.id, null, jsonb_build_object(
    'open_reports', (select count(*) from public.reports r where r.idea_id = target.id and r.resolved_at is null),
    'comments', (select count(*) from public.comments c where c.idea_id = target.id)));
end
$$;
comment on function public.withdraw_idea(uuid) is
  'The author withdraws their idea (new, no votes by others, not hidden): it leaves every public place at once; comments, votes and reports stay for the team; the text is erased after 30 days.';
revoke execute on function public.withdraw_idea(uuid) from public, anon;
grant execute on function public.withdraw_idea(uuid) to authenticated, service_role;

-- "Lijkt op" suggests only ideas anyone can see, also when the team writes a draft.
create or replace function public.similar_ideas(draft_title text, neighbourhood uuid default null, max integer default 5)
returns table (id uuid, title text, status public.idea_status, neighbourhood_id uuid, vote_count integer, similarity real)
language sql
stable
security invoker
set search_path = ''
as $$
  select i.id, i.title, i.status, i.neighbourhood_id, i.vote_count,
         extensions.similarity(i.title, draft_title) as similarity
    from public.ideas i
   where i.hidden_at is null
     and i.withdrawn_at is null
     and i.status not in ('done', 'not_feasible', 'merged')
     and (similar_ideas.neighbourhood is null or i.neighbourhood_id = similar_ideas.neighbourhood)
     and char_length(coalesce(private.clean_text(draft_title), '')) >= 3
     and extensions.similarity(i.title, draft_title) >= 0.2
   order by similarity desc, i.vote_count desc
   limit least(greatest(coalesce(max, 5), 1), 20)
$$;

-- The figures (public trust figures, the team's dashboard and the Alliantieraad report) count
-- withdrawn ideas as little as they counted deleted ones.
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
    select count(*) filter (where p.first_answer_at <= p.created_at + interval '14 days') as within,
           count(*) filter (where p.first_answer_at is not null or p.created_at <= now() - interval '14 days') as due
      from period_ideas p
  )
  select jsonb_build_object(
    'period_start', period_start,
    'period_end', period_end,
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

create or replace function public.alliantieraad_report(period_start date, period_end date)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  from_ts timestamptz;
  to_ts timestamptz;
  result jsonb;
begin
  perform private.require_moderator();
  if period_start is null or period_end is null or period_end < period_start then
    raise exception using errcode = 'P0001', message = 'period_invalid';
  end if;
  from_ts := period_start::timestamptz;
  to_ts := (period_end + 1)::timestamptz;

  select jsonb_build_object(
    'period_start', period_start,
    'period_end', period_end,
    'came_in', (select count(*) from public.ideas i
                 where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null and i.withdrawn_at is null),
    'came_in_per_kind', coalesce((
      select jsonb_object_agg(k.kind, k.n) from (
        select i.kind, count(*) as n from public.ideas i
         where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null and i.withdrawn_at is null group by 1) k
    ), '{}'::jsonb),
    'answers', coalesce((
      select jsonb_agg(jsonb_build_object('status', a.status, 'count', a.n) order by a.n desc) from (
        select u.status, count(*) as n from public.idea_updates u
         where u.created_at >= from_ts and u.created_at < to_ts group by 1) a
    ), '[]'::jsonb),
    'answered_ideas', (select count(distinct u.idea_id) from public.idea_updates u
                        where u.created_at >= from_ts and u.created_at < to_ts),
    'coalitions', coalesce((
      select jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name, 'ideas', c.ideas) order by c.name) from (
        select co.id, co.name,
               jsonb_agg(jsonb_build_object('id', i.id, 'title', i.title, 'status', i.status) order by i.title) as ideas
          from public.coalitions co
          join public.ideas i on i.coalition_id = co.id and i.hidden_at is null and i.withdrawn_at is null
         where exists (select 1 from public.idea_updates u
                        where u.idea_id = i.id and u.coalition_id = co.id
                          and u.created_at >= from_ts and u.created_at < to_ts)
         group by co.id, co.name) c
    ), '[]'::jsonb),
    'top_themes_per_neighbourhood', coalesce((
      select jsonb_agg(jsonb_build_object('neighbourhood', b.name, 'district', b.district, 'themes', b.themes)
                       order by b.district, b.name) from (
        select n.name, n.district,
               jsonb_agg(jsonb_build_object('slug', t.slug, 'count', x.n) order by x.n desc, t.slug)
                 filter (where x.rank <= 3) as themes
          from (select i.neighbourhood_id, i.theme_id, count(*) as n,
                       row_number() over (partition by i.neighbourhood_id order by count(*) desc) as rank
                  from public.ideas i
                 where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null and i.withdrawn_at is null
                 group by 1, 2) x
          join public.neighbourhoods n on n.id = x.neighbourhood_id
          join public.themes t on t.id = x.theme_id
         group by n.name, n.district) b
    ), '[]'::jsonb)
  ) into result;
  return result;
end
$$;
