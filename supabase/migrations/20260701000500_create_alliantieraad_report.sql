-- The "Verslag voor de Alliantieraad": what came in, what the team answered, what went to which
-- coalition and the top themes per buurt, for one period. Team only; the SPA prints it.
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
                 where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null),
    'came_in_per_kind', coalesce((
      select jsonb_object_agg(k.kind, k.n) from (
        select i.kind, count(*) as n from public.ideas i
         where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null group by 1) k
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
          join public.ideas i on i.coalition_id = co.id and i.hidden_at is null
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
                 where i.created_at >= from_ts and i.created_at < to_ts and i.hidden_at is null
                 group by 1, 2) x
          join public.neighbourhoods n on n.id = x.neighbourhood_id
          join public.themes t on t.id = x.theme_id
         group by n.name, n.district) b
    ), '[]'::jsonb)
  ) into result;
  return result;
end
$$;
comment on function public.alliantieraad_report(date, date) is
  'Team only. The figures of the printable report for the Alliantieraad for ideas and answers between period_start and period_end (inclusive).';

revoke execute on function public.alliantieraad_report(date, date) from public, anon;
grant execute on function public.alliantieraad_report(date, date) to authenticated, service_role;
