// npm run bench:realtime — the live lists' pattern at scale: BENCH_CLIENTS supabase-js clients
// (Node's WebSocket; 90% signed-in residents, 10% visitors), each watching the ideas of one of
// BENCH_HOODS buurten, and BENCH_CHANGES new ideas at BENCH_RATE per second spread over those
// buurten, one in ten hidden at once (nobody on a list may see it). Every visible idea must reach
// every listener of its buurt and nobody else. Measured per mode (BENCH_MODE, default both):
//  - `broadcast`: cards sent by the database on the private topic `buurt:<id>` (what the app uses,
//    migration 20261202730200);
//  - `changes`: postgres_changes on ideas filtered on the buurt, RLS checked per listener.
// Reported: delay from the insert to the client (p50/p95/max), events lost, and events leaked (a
// client that got an idea it may not see, or a message carrying hidden_reason & co).
import { cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { createResidents, firstIds, mintJwt, startBenchStack } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000)
const RATE = Number(process.env.BENCH_RATE ?? 100)
const HOODS = Number(process.env.BENCH_HOODS ?? 4)
const MODES = (process.env.BENCH_MODE ?? 'broadcast,changes').split(',') as Mode[]
const ANON = Math.round(CLIENTS / 10)

type Mode = 'broadcast' | 'changes'

const stack = await startBenchStack()
const db = new pg.Client({ connectionString: stack.info.dbUrl })
let failed = false
try {
  await db.connect()
  const users = await createResidents(stack.info.dbUrl, CLIENTS - ANON, 'listener')
  const tokens: (string | null)[] = [
    ...(await Promise.all(users.map((id) => mintJwt(stack.info.jwtSecret, id)))),
    ...Array.from({ length: ANON }, () => null),
  ]
  const [theme] = await firstIds(stack.info.dbUrl, 'themes')
  const hoodIds = (await firstIds(stack.info.dbUrl, 'neighbourhoods')).slice(0, HOODS)
  const hoods = tokens.map((_, i) => hoodIds[i % hoodIds.length])
  console.log(
    `bench:realtime — ${CLIENTS} clients (${CLIENTS - ANON} residents, ${ANON} visitors) on ${hoodIds.length} buurten, ${CHANGES} new ideas at ${RATE}/s (1 in 10 hidden), on ${machine()}, ${cpus().length} cores`,
  )
  for (const mode of MODES) {
    const leaked = await run(mode, tokens, hoods, hoodIds, theme)
    if (leaked > 0) failed = true
  }
} finally {
  await db.end().catch(() => undefined)
  await stack.stop()
}
if (failed) process.exitCode = 1

async function run(
  mode: Mode,
  tokens: (string | null)[],
  hoods: string[],
  hoodIds: string[],
  theme: string,
): Promise<number> {
  const t0 = performance.now()
  const w = new Worker(new URL('./realtime-clients.mjs', import.meta.url), {
    workerData: { apiUrl: stack.info.apiUrl, anonKey: stack.info.anonKey, tokens, hoods, mode },
  })
  try {
    w.setMaxListeners(0)
    const next = <T>(type: string) =>
      new Promise<T>((resolve, reject) => {
        const on = (m: { type: string } & T) => {
          if (m.type !== type) return
          w.off('message', on)
          resolve(m)
        }
        w.on('message', on)
        w.once('error', reject)
      })
    const { count: subscribed } = await next<{ count: number }>('subscribed')
    const subscribeMs = performance.now() - t0

    // Which client may see which idea: the listeners of its buurt, when it is visible.
    const listenersOf = new Map<string, number[]>(hoodIds.map((h) => [h, []]))
    hoods.forEach((h, i) => listenersOf.get(h)!.push(i))
    const expected = new Map<string, Set<number>>()
    const sendStart = performance.now()
    for (let n = 0; n < CHANGES; n++) {
      const due = sendStart + (n * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const hood = hoodIds[n % hoodIds.length]
      const hidden = n % 10 === 0
      // Anonymous ideas (no author), so that a hidden one is visible to no listener at all.
      const { rows } = await db.query<{ id: string }>(
        `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id, hidden_at, hidden_reason)
         values (null, $1, 'Een idee voor de buurt, met genoeg woorden om te tellen.', $2, $3,
                 case when $4 then now() end, case when $4 then 'spam' end)
         returning id`,
        [`Idee nummer ${n}`, theme, hood, hidden],
      )
      expected.set(rows[0].id, new Set(hidden ? [] : listenersOf.get(hood)))
    }
    const sendSeconds = (performance.now() - sendStart) / 1000
    const total = [...expected.values()].reduce((s, set) => s + set.size, 0)

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
    const { received } = await next<{ received: [number, string, number, boolean][] }>('done')

    const seen = new Set<string>()
    const delays: number[] = []
    let leaked = 0
    let duplicates = 0
    for (const [client, id, delay, secret] of received) {
      if (secret || !expected.get(id)?.has(client)) {
        leaked++
        continue
      }
      const once = `${client}|${id}`
      if (seen.has(once)) duplicates++
      seen.add(once)
      delays.push(delay)
    }
    const lost = total - seen.size
    // Math.max(...delays) overflows the stack with hundreds of thousands of values.
    const max = delays.reduce((m, d) => Math.max(m, d), 0)
    console.log(`  ${mode}:`)
    console.log(
      `    all subscribed: ${subscribed}/${tokens.length} in ${fmt(subscribeMs)}; ideas inserted in ${sendSeconds.toFixed(1)} s`,
    )
    console.log(
      `    events expected ${total}, delivered ${seen.size} (${(seen.size / sendSeconds).toFixed(0)}/s), duplicates ${duplicates}`,
    )
    console.log(
      `    insert → client: p50 ${fmt(median(delays))}, p95 ${fmt(percentile(delays, 95))}, max ${fmt(max)}  [target p95 < 250 ms]`,
    )
    console.log(`    events lost (not delivered by 5 s after the last one): ${lost}  [target 0]`)
    console.log(`    events leaked (to a client that may not see them): ${leaked}  [target 0]`)
    // Clean up so that the next mode starts from the same table size.
    await db.query('delete from public.ideas where id = any($1::uuid[])', [[...expected.keys()]])
    return leaked
  } finally {
    await w.terminate()
  }
}
