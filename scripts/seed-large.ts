// npm run seed:large — fills the database with ~10,000 ideas, 200,000 votes and 50,000 comments
// for benchmarks. Runs against DATABASE_URL or the default local stack. Triggers are switched off
// for the load (session_replication_role = replica) and the counts are recomputed afterwards, so
// the result is exact and the load takes seconds instead of minutes.
import pg from 'pg'

const url = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54322/postgres'
const IDEAS = Number(process.env.IDEAS ?? 10_000)
const PEOPLE = Number(process.env.PEOPLE ?? 2_000)
const VOTES = Number(process.env.VOTES ?? 200_000)
const COMMENTS = Number(process.env.COMMENTS ?? 50_000)

const client = new pg.Client({ connectionString: url })
await client.connect()
const t0 = performance.now()
const step = async (name: string, sql: string, params: unknown[] = []) => {
  const t = performance.now()
  const r = await client.query(sql, params)
  console.log(
    `${name.padEnd(18)} ${String(r.rowCount ?? '').padStart(8)} rows  ${Math.round(performance.now() - t)} ms`,
  )
}
try {
  await client.query('begin')
  await client.query(`set local session_replication_role = replica`)
  await step(
    'people',
    `
    insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
           'large-' || g || '-' || substr(md5(random()::text), 1, 6) || '@emmer.local', '{}'::jsonb, now(), now()
      from generate_series(1, $1) g`,
    [PEOPLE],
  )
  // The profile trigger is off during the load; create the profiles here.
  await step(
    'profiles',
    `
    insert into public.profiles (id, display_name)
    select u.id, 'Buur ' || split_part(split_part(u.email, '@', 1), '-', 2)
      from auth.users u where u.email like 'large-%' on conflict do nothing`,
  )
  await step(
    'ideas',
    `
    with p as (select array_agg(id) ids from public.profiles where display_name like 'Buur %'),
         n as (select array_agg(id) ids from public.neighbourhoods),
         t as (select array_agg(id) ids from public.themes)
    insert into public.ideas (author_id, title, body, kind, theme_id, neighbourhood_id, status, created_at)
    select p.ids[(1 + (g::bigint * 7919) % cardinality(p.ids))::int],
           (array['Meer groen bij', 'Bankjes rond', 'Veilig oversteken bij', 'Buurtfeest in', 'Speeltuin in', 'Minder afval in'])[1 + g % 6] || ' straat ' || g,
           'Dit idee gaat over de buurt. Buren willen graag meedoen en helpen. Nummer ' || g || '.',
           (array['idea', 'initiative', 'question'])[1 + g % 3]::public.idea_kind,
           t.ids[1 + g % cardinality(t.ids)], n.ids[1 + g % cardinality(n.ids)],
           (array['new', 'new', 'new', 'in_review', 'in_coalition', 'in_progress', 'done', 'not_feasible'])[1 + g % 8]::public.idea_status,
           now() - make_interval(mins => g * 13)
      from generate_series(1, $1) g, p, n, t`,
    [IDEAS],
  )
  await step(
    'votes',
    `
    with p as (select array_agg(id) ids from public.profiles where display_name like 'Buur %'),
         i as (select array_agg(id) ids from public.ideas where status <> 'merged')
    insert into public.votes (idea_id, user_id, created_at)
    select i.ids[(1 + (g::bigint * 104729) % cardinality(i.ids))::int], p.ids[(1 + (g / cardinality(i.ids) + g::bigint * 31) % cardinality(p.ids))::int], now()
      from generate_series(1, $1) g, p, i
    on conflict do nothing`,
    [VOTES],
  )
  await step(
    'comments',
    `
    with p as (select array_agg(id) ids from public.profiles where display_name like 'Buur %'),
         i as (select array_agg(id) ids from public.ideas)
    insert into public.comments (idea_id, author_id, body, created_at)
    select i.ids[1 + (g * 7) % cardinality(i.ids)], p.ids[1 + g % cardinality(p.ids)], 'Goed plan, ik doe mee! (' || g || ')', now() - make_interval(mins => g)
      from generate_series(1, $1) g, p, i`,
    [COMMENTS],
  )
  await step(
    'recount',
    `
    update public.ideas i set
      vote_count = (select count(*) from public.votes v where v.idea_id = i.id),
      comment_count = (select count(*) from public.comments c where c.idea_id = i.id and c.hidden_at is null)`,
  )
  await client.query('commit')
  await step('analyze', 'analyze')
  console.log(`done in ${Math.round(performance.now() - t0)} ms`)
} catch (e) {
  await client.query('rollback').catch(() => {})
  throw e
} finally {
  await client.end()
}
