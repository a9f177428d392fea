-- "Wat horen we?": the figures of the team's dashboard, computed in SQL so that every client
-- (and the Alliantieraad) sees the same numbers. Team only.
--
-- The trust measure: of the ideas that came in during the period, how many got their first public
-- answer (the first idea_updates row that moves the idea on from `new`) within 14 days. Ideas
-- younger than 14 days that are still unanswered are left out of that share: they still have time.
create or replace function public.moderation_dashboard(period_start date, period_end date)
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
comment on function public.moderation_dashboard(date, date) is
  'Team only. Ideas per buurt, per theme, the status funnel, ideas per week, median days to the first public answer and the share answered within 14 days, for ideas that came in between period_start and period_end (inclusive).';

revoke execute on function public.moderation_dashboard(date, date) from public, anon;
grant execute on function public.moderation_dashboard(date, date) to authenticated, service_role;
