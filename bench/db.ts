// npm run bench:db — the home list and a search through PostgREST (as anon and as a resident)
// against the same query in raw SQL, on the large data set (scripts/seed-large.ts).
//
// By default it starts a private stack (free ports, throw-away folder), loads the large seed into
// it and stops it afterwards, so it never touches a developer's stack or another run's data.
// To measure an existing stack instead, set both API_URL and DATABASE_URL (and JWT_SECRET when it
// is not the local default); seed it first with `npm run seed:large`.
// Prints median and p95 per case, and the API/SQL ratios of both. RUNS (default 200) per case,
// after WARMUP (default 20) unmeasured runs.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket from 'ws'
import { ANON_KEY, JWT_SECRET } from '../supabase/local/keys.ts'
import { mintJwt, seedLarge, startBenchStack, waitForChangeCapture } from './fixtures.ts'
import { median, percentile } from './lib.ts'

const RUNS = Number(process.env.RUNS ?? 200)
const WARMUP = Number(process.env.WARMUP ?? 20)

const external = process.env.API_URL && process.env.DATABASE_URL
const stack = external ? undefined : await startBenchStack()
const apiUrl = stack?.info.apiUrl ?? process.env.API_URL!
const dbUrl = stack?.info.dbUrl ?? process.env.DATABASE_URL!
const anonKey = stack?.info.anonKey ?? process.env.ANON_KEY ?? ANON_KEY
const jwtSecret = stack?.info.jwtSecret ?? process.env.JWT_SECRET ?? JWT_SECRET
// PostgREST itself, without the gateway in front (optional for an external stack).
const postgrestUrl = stack?.info.postgrestUrl ?? process.env.POSTGREST_URL

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

async function run() {
  const db = new pg.Client({ connectionString: dbUrl })
  db.on('error', (e) => console.error('database connection:', e.message))
  await db.connect()
  const counts = (
    await db.query(`select (select count(*) from public.ideas) ideas, (select count(*) from public.votes) votes,
                                         (select count(*) from public.comments) comments`)
  ).rows[0]
  const [{ id: residentId }] = (
    await db.query(
      `select id from public.profiles where role = 'resident' order by created_at limit 1`,
    )
  ).rows
  // supabase-js 2.109 builds a Realtime client even when unused; Node 20 needs ws for it.
  const opts = {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  }
  const anon = createClient(apiUrl, anonKey, opts)
  const jwt = await mintJwt(jwtSecret, residentId)
  const resident = createClient(apiUrl, anonKey, {
    ...opts,
    global: { headers: { Authorization: `Bearer ${jwt}` } },
  })

  async function measure(fn: () => Promise<unknown>) {
    for (let i = 0; i < WARMUP; i++) await fn()
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      await fn()
      times.push(performance.now() - t)
    }
    return { median: median(times), p95: percentile(times, 95) }
  }

  const cols =
    'id, title, kind, status, vote_count, comment_count, created_at, neighbourhood_id, theme_id'
  // `where` is what the ideas policy adds for anon; the superuser SQL states it, the RLS SQL gets
  // it from the policies (and, for a resident, the wider author/team rule).
  const cases = {
    'home list': {
      rest: `ideas?select=${cols.replaceAll(' ', '')}&order=created_at.desc&limit=20`,
      api: (c: SupabaseClient) =>
        c
          .from('ideas')
          .select(cols)
          .order('created_at', { ascending: false })
          .limit(20)
          .throwOnError(),
      query: (where: string) =>
        `select ${cols} from public.ideas ${where} order by created_at desc limit 20`,
    },
    // The list's "most support" sort (src/api/ideas.ts), which had no index before 20260703000600.
    'most votes': {
      rest: `ideas?select=${cols.replaceAll(' ', '')}&order=vote_count.desc,created_at.desc,id&limit=20`,
      api: (c: SupabaseClient) =>
        c
          .from('ideas')
          .select(cols)
          .order('vote_count', { ascending: false })
          .order('created_at', { ascending: false })
          .order('id')
          .limit(20)
          .throwOnError(),
      query: (where: string) =>
        `select ${cols} from public.ideas ${where} order by vote_count desc, created_at desc, id limit 20`,
    },
    'search "groen"': {
      rest: `ideas?select=${cols.replaceAll(' ', '')}&search=wfts(dutch).groen&limit=20`,
      api: (c: SupabaseClient) =>
        c
          .from('ideas')
          .select(cols)
          .textSearch('search', 'groen', { config: 'dutch', type: 'websearch' })
          .limit(20)
          .throwOnError(),
      query: (where: string) =>
        `select ${cols} from public.ideas ${where ? `${where} and` : 'where'} search @@ websearch_to_tsquery('dutch', 'groen') limit 20`,
    },
  }
  // What PostgREST itself sends for a request, in one round trip: a read-only transaction with the
  // request's role and JWT claims (so RLS applies) and the rows aggregated to JSON.
  const asRole = (role: string, sub: string | null, q: string) =>
    `begin isolation level read committed read only;
     select set_config('role', '${role}', true), set_config('request.jwt.claims', '${JSON.stringify({ role, ...(sub ? { sub } : {}) })}', true);
     select coalesce(json_agg(t), '[]') from (${q}) t;
     commit;`

  console.log(
    `bench:db — ${counts.ideas} ideas, ${counts.votes} votes, ${counts.comments} comments; ${RUNS} runs per case after ${WARMUP} warm-up`,
  )
  console.log(
    'api = supabase-js through the gateway; sql = the same query over one pg connection as superuser (no RLS);',
  )
  console.log(
    'sql+rls = that query as PostgREST runs it (transaction, role, claims, json), one round trip;\n' +
      'postgrest direct = plain fetch to PostgREST without the gateway (gateway and supabase-js share = api - this).',
  )
  console.log('targets: api p95 < 30 ms, api/sql ratio < 3')
  const f = (ms: number) => `${ms.toFixed(1)} ms`.padStart(8)
  const r = (a: number, b: number) => `${(a / b).toFixed(1)}x`.padStart(6)
  for (const [name, c] of Object.entries(cases)) {
    const raw = await measure(() => db.query(c.query('where hidden_at is null')))
    for (const [who, client, role, sub] of [
      ['anon', anon, 'anon', null],
      ['resident', resident, 'authenticated', residentId],
    ] as const) {
      const rls = await measure(() => db.query(asRole(role, sub, c.query(''))))
      const api = await measure(async () => await c.api(client))
      const auth = who === 'anon' ? anonKey : jwt
      const rest = postgrestUrl
        ? await measure(async () => {
            const res = await fetch(`${postgrestUrl}/${c.rest}`, {
              headers: { Authorization: `Bearer ${auth}` },
            })
            if (!res.ok) throw new Error(`PostgREST ${res.status}`)
            await res.arrayBuffer()
          })
        : undefined
      console.log(
        `${name.padEnd(15)} ${who.padEnd(9)} api median ${f(api.median)} p95 ${f(api.p95)} | sql median ${f(raw.median)} p95 ${f(raw.p95)}` +
          ` | sql+rls median ${f(rls.median)} p95 ${f(rls.p95)} | api/sql median ${r(api.median, raw.median)} p95 ${r(api.p95, raw.p95)}` +
          ` | api/sql+rls median ${r(api.median, rls.median)} p95 ${r(api.p95, rls.p95)}` +
          (rest ? ` | postgrest direct median ${f(rest.median)} p95 ${f(rest.p95)}` : ''),
      )
    }
  }
  await db.end()
}
