-- "Betrouwbaar zijn!" The trust figures of the team's dashboard (how many ideas got a public
-- answer, how fast, and where they stand) are public: residents can check that the programme
-- office answers. public_trust_figures() returns only aggregates over ideas that anyone may see
-- (ideas and their status trails are public already), for the last 12 months.
--
-- The figures are computed in one place: the dashboard's body moves to private.dashboard_figures,
-- which moderation_dashboard (team only, unchanged) and public_trust_figures both call.

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
     where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null
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

comment on function private.dashboard_figures(date, date) is
  'The figures of the team''s dashboard for a period; called by moderation_dashboard and public_trust_figures.';
revoke execute on function private.dashboard_figures(date, date) from public, anon, authenticated;

create or replace function public.moderation_dashboard(period_start date, period_end date)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_moderator();
  return private.dashboard_figures(period_start, period_end);
end
$$;

create or replace function public.public_trust_figures()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
           'period_start', f -> 'period_start',
           'period_end', f -> 'period_end',
           'total', f -> 'total',
           'answered', f -> 'answered',
           'median_days_to_answer', f -> 'median_days_to_answer',
           'answered_within_14_days', f -> 'answered_within_14_days',
           'due_within_14_days', f -> 'due_within_14_days',
           'share_within_14_days', f -> 'share_within_14_days',
           'funnel', f -> 'funnel'
         )
    from (select private.dashboard_figures((current_date - interval '12 months')::date, current_date) as f) x
$$;
comment on function public.public_trust_figures() is
  'For everyone: how many ideas of the last 12 months got a public answer, how fast, and where they stand. Aggregates only.';
revoke execute on function public.public_trust_figures() from public;
grant execute on function public.public_trust_figures() to anon, authenticated, service_role;
