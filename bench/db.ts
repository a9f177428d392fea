// npm run bench:db — the home list (the 20 newest or most-voted ideas of a buurt, with counts,
// theme, buurt and author name) and a search, through PostgREST as anon and as a resident, against
// the same SQL run directly, on the large data set (scripts/seed-large.ts).
//
// The requests are the app's own, as listIdeas (src/api/ideas.ts) makes them: the home list reads
// the idea_cards view whole, a search reads searchable_idea_cards with the card's columns
// (src/api/columns.ts); one page of 20 plus one to know whether there are more. Per case and reader it prints median and p95 of:
//   sql       the same query as one plain statement over one pg connection, as superuser, with the
//             ideas policy's condition for anon written out (`hidden_at is null`). Postgres parses
//             and plans it every time, as it does for SQL sent directly (psql, a report script).
//   postgrest PostgREST itself, over a kept-alive HTTP connection (the counterpart of the single
//             pg connection): JWT, a transaction with role and claims, RLS, JSON.
//   api       supabase-js through the gateway, exactly as the app asks.
// and the ratios postgrest/sql (the target: under 3) and api/sql. For reference it also prints
// "prepared": the same query as a prepared statement (parsed and planned once, which PostgREST
// also does for its own statements), and postgrest/prepared.
// The variants take turns in rounds, so a slow moment of the machine hits them all alike.
//
// By default it starts a private stack (free ports, throw-away folder), loads the large seed into
// it and stops it afterwards, so it never touches a developer's stack or another run's data.
// To measure an existing stack instead, set API_URL, POSTGREST_URL and DATABASE_URL (and
// JWT_SECRET when it is not the local default); seed it first with `npm run seed:large`.
// Env: ROUNDS (default 10) × RUNS_PER_ROUND (default 20) measured runs per variant, after WARMUP
// (default 20).
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import http from 'node:http'
import pg from 'pg'
import { IDEA_CARD } from '../src/api/columns.ts'
import { ANON_KEY, JWT_SECRET } from '../supabase/local/keys.ts'
import { mintJwt, seedLarge, startBenchStack, waitForChangeCapture } from './fixtures.ts'
import { median, percentile } from './lib.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 10)
const RUNS_PER_ROUND = Number(process.env.RUNS_PER_ROUND ?? 20)
const WARMUP = Number(process.env.WARMUP ?? 20)
const PAGE = 21

const external = process.env.API_URL && process.env.DATABASE_URL && process.env.POSTGREST_URL
const stack = external ? undefined : await startBenchStack()
const apiUrl = stack?.info.apiUrl ?? process.env.API_URL!
const dbUrl = stack?.info.dbUrl ?? process.env.DATABASE_URL!
const postgrestUrl = new URL(stack?.info.postgrestUrl ?? process.env.POSTGREST_URL!)
const anonKey = stack?.info.anonKey ?? process.env.ANON_KEY ?? ANON_KEY
const jwtSecret = stack?.info.jwtSecret ?? process.env.JWT_SECRET ?? JWT_SECRET

try {
  if (stack) {
    const t = performance.now()
    const seeded = await seedLarge(dbUrl)
    // The bulk load's WAL goes through change capture in the gateway's process: let it finish
    // first, or the first cases measure Realtime's backlog instead of the API.
    await waitForChangeCapture(dbUrl)
    console.log(
      `private stack at ${apiUrl}; large seed (${seeded.source}) loaded in ${Math.round(performance.now() - t)} ms`,
    )
  }
  await run()
} catch (e) {
  console.error(e)
  process.exitCode = 1
} finally {
  await stack?.stop()
}

interface Case {
  name: string
  /** The app's request, with supabase-js. */
  api: (c: SupabaseClient) => PromiseLike<unknown>
  /** The same request as a PostgREST path. */
  rest: string
  /** The same query in SQL, on the tables the view reads, with anon's policy condition. */
  sql: string
}

function cases(buurt: string): Case[] {
  const cols = IDEA_CARD.replaceAll(' ', '')
  // What the views are (supabase/migrations/20260705000100 and 20260708000100) as SQL on their
  // tables, for the columns a request gets, plus the ideas policy for anon. A check below
  // compares the rows.
  const expression: Record<string, string> = {
    theme_slug: 't.slug',
    neighbourhood_name: 'n.name',
    author_name: 'p.display_name',
    author_organisation_id: 'p.organisation_id',
  }
  const allColumns =
    'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at, theme_slug, neighbourhood_name, author_name, author_organisation_id, channel'
  const fromView = (columns: string, where: string, order: string) =>
    `select ${columns
      .split(', ')
      .map((c) => `${expression[c] ?? `i.${c}`} as ${c}`)
      .join(', ')}
       from public.ideas i
       join public.themes t on t.id = i.theme_id
       join public.neighbourhoods n on n.id = i.neighbourhood_id
       left join public.profiles p on p.id = i.author_id
      where i.hidden_at is null and ${where}
      order by ${order} limit ${PAGE}`
  return [
    {
      name: 'home list, newest',
      api: (c) =>
        c
          .from('idea_cards')
          .select()
          .eq('neighbourhood_id', buurt)
          .order('created_at', { ascending: false })
          .order('id')
          .range(0, PAGE - 1)
          .throwOnError(),
      rest: `idea_cards?neighbourhood_id=eq.${buurt}&order=created_at.desc,id.asc&offset=0&limit=${PAGE}`,
      sql: fromView(allColumns, `i.neighbourhood_id = '${buurt}'`, 'i.created_at desc, i.id'),
    },
    {
      name: 'home list, most votes',
      api: (c) =>
        c
          .from('idea_cards')
          .select()
          .eq('neighbourhood_id', buurt)
          .order('vote_count', { ascending: false })
          .order('created_at', { ascending: false })
          .order('id')
          .range(0, PAGE - 1)
          .throwOnError(),
      rest: `idea_cards?neighbourhood_id=eq.${buurt}&order=vote_count.desc,created_at.desc,id.asc&offset=0&limit=${PAGE}`,
      sql: fromView(
        allColumns,
        `i.neighbourhood_id = '${buurt}'`,
        'i.vote_count desc, i.created_at desc, i.id',
      ),
    },
    {
      // listIdeas with q = "groen" (src/lib/dutchSearch.ts makes it the tsquery 'groen').
      name: 'search "groen"',
      api: (c) =>
        c
          .from('searchable_idea_cards')
          .select(IDEA_CARD)
          .textSearch('search', 'groen', { config: 'dutch' })
          .order('created_at', { ascending: false })
          .order('id')
          .range(0, PAGE - 1)
          .throwOnError(),
      rest: `searchable_idea_cards?select=${cols}&search=fts(dutch).groen&order=created_at.desc,id.asc&offset=0&limit=${PAGE}`,
      sql: fromView(
        IDEA_CARD,
        `i.search @@ to_tsquery('dutch', 'groen')`,
        'i.created_at desc, i.id',
      ),
    },
  ]
}

async function run() {
  const db = new pg.Client({ connectionString: dbUrl })
  db.on('error', (e) => console.error('database connection:', e.message))
  await db.connect()
  const counts = (
    await db.query(`select (select count(*) from public.ideas) ideas, (select count(*) from public.votes) votes,
                                         (select count(*) from public.comments) comments`)
  ).rows[0]
  // The buurt with the most ideas (about 600 of the 10,000).
  const [{ id: buurt, n }] = (
    await db.query(
      `select neighbourhood_id id, count(*) n from public.ideas group by 1 order by 2 desc limit 1`,
    )
  ).rows
  const [{ id: residentId }] = (
    await db.query(
      `select id from public.profiles where role = 'resident' order by created_at limit 1`,
    )
  ).rows
  const opts = {
    auth: { persistSession: false, autoRefreshToken: false },
  }
  const jwt = await mintJwt(jwtSecret, residentId)
  const readers = [
    { who: 'anon', token: anonKey, client: createClient(apiUrl, anonKey, opts) },
    {
      who: 'resident',
      token: jwt,
      client: createClient(apiUrl, anonKey, {
        ...opts,
        global: { headers: { Authorization: `Bearer ${jwt}` } },
      }),
    },
  ]
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const rest = (path: string, token: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(
        {
          host: postgrestUrl.hostname,
          port: postgrestUrl.port,
          path: `/${path}`,
          agent,
          headers: { Authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`PostgREST ${res.statusCode} for ${path}`))
          // Read and parse the rows, as the pg client does for sql.
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString())
            resolve()
          })
        },
      )
      req.on('error', reject)
    })

  console.log(
    `bench:db — ${counts.ideas} ideas, ${counts.votes} votes, ${counts.comments} comments; the buurt has ${n} ideas; ` +
      `${ROUNDS} × ${RUNS_PER_ROUND} runs per variant after ${WARMUP} warm-up, in turns`,
  )
  console.log(
    'sql = the same SQL, plain statement over one pg connection; postgrest = PostgREST over one kept-alive HTTP connection;\n' +
      'api = supabase-js through the gateway (the app); prepared = the SQL as a prepared statement (reference).',
  )
  console.log('targets: p95 < 30 ms; postgrest/sql < 3')
  const f = (ms: number) => `${ms.toFixed(2)} ms`.padStart(8)
  const x = (a: number, b: number) => `${(a / b).toFixed(1)}x`.padStart(5)

  let statement = 0
  for (const c of cases(buurt)) {
    const name = `q${statement++}`
    // Both SQL variants must return the rows and columns PostgREST returns for anon.
    const check = (await db.query(c.sql)).rows as { id: string }[]
    const viaRest = ((await c.api(readers[0].client)) as { data: { id: string }[] }).data
    if (JSON.stringify(check.map((r) => r.id)) !== JSON.stringify(viaRest.map((r) => r.id)))
      throw new Error(`${c.name}: the SQL and the API return different rows`)
    const keys = (row?: object) =>
      Object.keys(row ?? {})
        .sort()
        .join(',')
    if (keys(check[0]) !== keys(viaRest[0]))
      throw new Error(`${c.name}: the SQL and the API return different columns`)

    for (const r of readers) {
      const variants: Record<string, () => PromiseLike<unknown>> = {
        sql: () => db.query(c.sql),
        prepared: () => db.query({ name, text: c.sql }),
        postgrest: () => rest(c.rest, r.token),
        api: () => c.api(r.client),
      }
      const times: Record<string, number[]> = {}
      for (const [k, fn] of Object.entries(variants)) {
        times[k] = []
        for (let i = 0; i < WARMUP; i++) await fn()
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const [k, fn] of Object.entries(variants)) {
          for (let i = 0; i < RUNS_PER_ROUND; i++) {
            const t = performance.now()
            await fn()
            times[k].push(performance.now() - t)
          }
        }
      }
      const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]))
      const p = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, percentile(v, 95)]))
      console.log(
        `${c.name.padEnd(22)} ${r.who.padEnd(9)}` +
          ` | median sql ${f(m.sql)} postgrest ${f(m.postgrest)} api ${f(m.api)} prepared ${f(m.prepared)}` +
          ` | p95 sql ${f(p.sql)} postgrest ${f(p.postgrest)} api ${f(p.api)}` +
          ` | postgrest/sql median ${x(m.postgrest, m.sql)} p95 ${x(p.postgrest, p.sql)}` +
          ` | api/sql median ${x(m.api, m.sql)} | postgrest/prepared median ${x(m.postgrest, m.prepared)}`,
      )
    }
  }
  agent.destroy()
  await db.end()
}
