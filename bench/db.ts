// npm run bench:db — the home list and a search through PostgREST (as anon and as a resident)
// against the same query in raw SQL. Run after `npm run seed:large` on a running stack
// (API_URL/DATABASE_URL, defaults: the local stack). Prints median, p95 and the API/SQL ratio.
import { createClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import pg from 'pg'
import { ANON_KEY, JWT_SECRET } from '../supabase/local/keys.ts'

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:54321'
const dbUrl = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54322/postgres'
const N = Number(process.env.RUNS ?? 50)

const db = new pg.Client({ connectionString: dbUrl })
await db.connect()
const [{ id: residentId }] = (await db.query(`select id from public.profiles where role = 'resident' limit 1`)).rows
const jwt = await new SignJWT({ sub: residentId, role: 'authenticated', aud: 'authenticated' })
  .setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET))
const opts = { auth: { persistSession: false } }
const anon = createClient(apiUrl, ANON_KEY, opts)
const resident = createClient(apiUrl, ANON_KEY, { ...opts, global: { headers: { Authorization: `Bearer ${jwt}` } } })

async function measure(fn: () => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < N; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(N / 2)], p95: times[Math.floor(N * 0.95)] }
}
const cols = 'id, title, kind, status, vote_count, comment_count, created_at, neighbourhood_id, theme_id'
const cases = {
  'home list': {
    api: (c: typeof anon) => c.from('ideas').select(cols).order('created_at', { ascending: false }).limit(20).throwOnError(),
    sql: () => db.query(`select ${cols} from public.ideas where hidden_at is null order by created_at desc limit 20`),
  },
  'search "groen"': {
    api: (c: typeof anon) => c.from('ideas').select(cols).textSearch('search', 'groen', { config: 'dutch', type: 'websearch' }).limit(20).throwOnError(),
    sql: () => db.query(`select ${cols} from public.ideas where hidden_at is null and search @@ websearch_to_tsquery('dutch', 'groen') limit 20`),
  },
}
for (const [name, c] of Object.entries(cases)) {
  const raw = await measure(c.sql)
  for (const [who, client] of [['anon', anon], ['resident', resident]] as const) {
    const api = await measure(() => c.api(client))
    console.log(`${name.padEnd(16)} ${who.padEnd(9)} api median ${api.median.toFixed(1)} ms p95 ${api.p95.toFixed(1)} ms | sql median ${raw.median.toFixed(1)} ms p95 ${raw.p95.toFixed(1)} ms | ratio ${(api.median / raw.median).toFixed(1)}x`)
  }
}
await db.end()
