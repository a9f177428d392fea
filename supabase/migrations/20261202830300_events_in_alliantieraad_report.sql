-- The Alliantieraad report counts the agenda too: per buurt, the events held in the period, how
-- many were visits ("Kom langs"), and how many people came. Where the organiser ticked who came
-- (mark_attendance), those ticked as there count; otherwise the people with a place. The report
-- says per buurt how many events were counted each way, so the figure is read for what it is.
-- Held: started within the period and before now, not cancelled, not hidden by the team.
-- Restates alliantieraad_report from 20261202100200_withdraw_ideas_instead_of_deleting.sql (the
-- latest); only 'events' is new.
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
    ), '[]'::jsonb),
    'events', (
      with held as (
        select e.id, e.kind, e.neighbourhood_id,
               exists (select 1 from public.event_signups s
                        where s.event_id = e.id and s.status = 'attending' and s.attended is not null) as ticked,
               (select count(*) from public.event_signups s
                 where s.event_id = e.id and s.status = 'attending' and s.attended) as came,
               (select count(*) from public.event_signups s
                 where s.event_id = e.id and s.status = 'attending') as signed_up
          from public.events e
         where e.starts_at >= from_ts and e.starts_at < to_ts and e.starts_at <= now()
           and e.cancelled_at is null and e.hidden_at is null
      ),
      counted as (
        select h.*, case when h.ticked then h.came else h.signed_up end as people from held h
      )
      select jsonb_build_object(
        'held', (select count(*) from counted),
        'visits', (select count(*) from counted c where c.kind = 'visit'),
        'people', (select coalesce(sum(c.people), 0) from counted c),
        'counted_by_attendance', (select count(*) from counted c where c.ticked),
        'counted_by_signups', (select count(*) from counted c where not c.ticked),
        'per_neighbourhood', coalesce((
          select jsonb_agg(jsonb_build_object(
                   'neighbourhood', n.name, 'district', n.district, 'held', b.held, 'visits', b.visits,
                   'people', b.people, 'counted_by_attendance', b.by_attendance,
                   'counted_by_signups', b.by_signups)
                 order by n.district, n.name)
            from (select c.neighbourhood_id, count(*) as held,
                         count(*) filter (where c.kind = 'visit') as visits,
                         sum(c.people) as people,
                         count(*) filter (where c.ticked) as by_attendance,
                         count(*) filter (where not c.ticked) as by_signups
                    from counted c group by c.neighbourhood_id) b
            join public.neighbourhoods n on n.id = b.neighbourhood_id
        ), '[]'::jsonb)
      )
    )
  ) into result;
  return result;
end
$$;
