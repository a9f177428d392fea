// npm run bench:realtime — 200 subscribed supabase-js clients (Node's WebSocket) and 1,000 changes:
// delay from commit to client (p50/p95), events lost, and events that reached a client that may
// not see the row. Of the clients, 90% are signed in as different residents and 10% are anon.
// The changes mix public ideas (everyone gets them), hidden ideas (only their author may) and
// notifications (only their owner may).
// Env: BENCH_CLIENTS (200), BENCH_CHANGES (1000), BENCH_RATE (changes per second, 100).
import { cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { createResidents, firstIds, mintJwt, startBenchStack } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000)
const RATE = Number(process.env.BENCH_RATE ?? 100)
const ANON = Math.round(CLIENTS / 10)

const stack = await startBenchStack()
const db = new pg.Client({ connectionString: stack.info.dbUrl })
let worker: Worker | undefined
try {
  await db.connect()
  const users = await createResidents(stack.info.dbUrl, CLIENTS - ANON, 'listener')
  const tokens: (string | null)[] = [
    ...(await Promise.all(users.map((id) => mintJwt(stack.info.jwtSecret, id)))),
    ...Array.from({ length: ANON }, () => null),
  ]
  const [theme] = await firstIds(stack.info.dbUrl, 'themes')
  const [hood] = await firstIds(stack.info.dbUrl, 'neighbourhoods')

  const t0 = performance.now()
  worker = new Worker(new URL('./realtime-clients.mjs', import.meta.url), {
    workerData: { apiUrl: stack.info.apiUrl, anonKey: stack.info.anonKey, tokens },
  })
  const w = worker
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: { type: string } & T) => {
        if (m.type !== type) return
        w.off('message', on)
        resolve(m)
      }
      w.on('message', on)
      w.once('error', reject)
      w.setMaxListeners(0)
    })
  const { count: subscribed } = await next<{ count: number }>('subscribed')
  const subscribeMs = performance.now() - t0

  // Which client may see which change: client index per user, all clients for public rows.
  const clientOf = new Map(users.map((id, i) => [id, i]))
  const expected = new Map<string, number[]>() // `${table}:${id}` → client indexes
  const everyone = tokens.map((_, i) => i)
  const sendStart = performance.now()
  for (let n = 0; n < CHANGES; n++) {
    const due = sendStart + (n * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const owner = users[(n * 7) % users.length]
    if (n % 2 === 0) {
      const hidden = n % 10 === 0
      const { rows } = await db.query<{ id: string }>(
        `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id, hidden_at, hidden_reason)
         values ($1, $2, 'Een idee voor de buurt, met genoeg woorden om te tellen.', $3, $4,
                 case when $5 then now() end, case when $5 then 'spam' end)
         returning id`,
        [owner, `Idee nummer ${n}`, theme, hood, hidden],
      )
      expected.set(`ideas:${rows[0].id}`, hidden ? [clientOf.get(owner)!] : everyone)
    } else {
      const { rows } = await db.query<{ id: string }>(
        `insert into public.notifications (user_id, kind) values ($1, 'status_update') returning id`,
        [owner],
      )
      expected.set(`notifications:${rows[0].id}`, [clientOf.get(owner)!])
    }
  }
  const sendSeconds = (performance.now() - sendStart) / 1000
  const total = [...expected.values()].reduce((s, list) => s + list.length, 0)

  // Wait until every expected event arrived, or nothing new came for 5 s (at most 60 s).
  const waitStart = performance.now()
  let last = -1
  let lastChange = performance.now()
  while (performance.now() - waitStart < 60_000) {
    w.postMessage({ type: 'count' })
    const { count } = await next<{ count: number }>('count')
    if (count >= total) break
    if (count !== last) {
      last = count
      lastChange = performance.now()
    } else if (performance.now() - lastChange > 5000) break
    await new Promise((r) => setTimeout(r, 250))
  }
  w.postMessage({ type: 'finish' })
  const { received } = await next<{ received: [number, string, string, number][] }>('done')

  const seen = new Set<string>()
  const delays: number[] = []
  let leaked = 0
  let duplicates = 0
  for (const [client, table, id, delay] of received) {
    const key = `${table}:${id}`
    const allowed = expected.get(key)
    if (!allowed || !allowed.includes(client)) {
      leaked++
      continue
    }
    const once = `${client}|${key}`
    if (seen.has(once)) duplicates++
    seen.add(once)
    delays.push(delay)
  }
  const lost = total - seen.size
  const missing: string[] = []
  for (const [key, clients] of expected) {
    for (const c of clients)
      if (!seen.has(`${c}|${key}`) && missing.length < 5)
        // One of many recipients missing points at a socket; the only one, at the whole change.
        missing.push(`client ${c} ${key} (1 of ${clients.length} recipients)`)
  }
  console.log(
    `bench:realtime — ${CLIENTS} clients (${CLIENTS - ANON} residents, ${ANON} anon), ${CHANGES} changes at ${RATE}/s, on ${machine()}, ${cpus().length} cores`,
  )
  console.log(
    `  all subscribed: ${subscribed}/${CLIENTS} in ${fmt(subscribeMs)}; changes committed in ${sendSeconds.toFixed(1)} s`,
  )
  console.log(
    `  events expected ${total}, delivered ${seen.size} (${(seen.size / sendSeconds).toFixed(0)}/s), duplicates ${duplicates}`,
  )
  console.log(
    `  commit → client: p50 ${fmt(median(delays))}, p95 ${fmt(percentile(delays, 95))}, max ${fmt(delays.reduce((m, d) => Math.max(m, d), 0))}  [target p95 < 250 ms]`,
  )
  console.log(
    `  events lost (not delivered by 5 s after the last one, at most 60 s): ${lost}  [target 0]`,
  )
  console.log(`  events that reached a client not allowed to see them: ${leaked}  [target 0]`)
  if (missing.length) console.log(`  first lost: ${missing.join('; ')}`)
  if (leaked > 0) process.exitCode = 1
} finally {
  await worker?.terminate()
  await db.end().catch(() => undefined)
  await stack.stop()
}
