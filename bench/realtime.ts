// npm run bench:realtime — the live lists' pattern at scale: BENCH_CLIENTS supabase-js clients
// (Node's WebSocket; 90% signed-in residents, 10% visitors), each watching the ideas of one of
// BENCH_HOODS buurten, and BENCH_CHANGES new ideas at BENCH_RATE per second spread over those
// buurten, one in ten hidden at once (nobody on a list may see it). Every visible idea must reach
// every listener of its buurt and nobody else. Measured per mode (BENCH_MODE, default both):
//  - `broadcast`: cards sent by the database on the private topic `buurt:<id>` (what the app uses,
//    migration 20261202730200);
//  - `changes`: postgres_changes on ideas filtered on the buurt, RLS checked per listener.
// Reported: delay from the insert to the client (p50/p95/max), events lost, and events leaked (a
// client that got an idea it may not see, or a message carrying hidden_reason & co); and, because
// the wall-clock delay on a shared machine says more about the neighbours than about the server,
// the CPU time per delivered message of the server (this process's main thread: Realtime, the
// gateway, Auth, and the bench's own inserts), of Postgres and PostgREST, and of the clients.
// The clients run in BENCH_CLIENT_PROCS processes of their own (default 2), not in this process,
// so that their work does not count as the server's; BENCH_TRANSPORT=native gives them Node's own
// WebSocket instead of `ws`.
import { fork, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import pg from 'pg'
import { createResidents, firstIds, mintJwt, startBenchStack } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000)
const RATE = Number(process.env.BENCH_RATE ?? 100)
const HOODS = Number(process.env.BENCH_HOODS ?? 4)
const MODES = (process.env.BENCH_MODE ?? 'broadcast,changes').split(',') as Mode[]
const ANON = Math.round(CLIENTS / 10)
const PROCS = Math.max(1, Math.min(CLIENTS, Number(process.env.BENCH_CLIENT_PROCS ?? 2)))
const TRANSPORT = process.env.BENCH_TRANSPORT === 'native' ? 'native' : 'ws'

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
    `bench:realtime — ${CLIENTS} clients (${CLIENTS - ANON} residents, ${ANON} visitors) on ${hoodIds.length} buurten, ${CHANGES} new ideas at ${RATE}/s (1 in 10 hidden), on ${machine()}, ${cpus().length} cores, load average ${loadavg()}`,
  )
  console.log(
    `  clients in ${PROCS} process(es) of their own, supabase-js over ${TRANSPORT === 'ws' ? '`ws`' : "Node's WebSocket"}`,
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
  const per = Math.ceil(tokens.length / PROCS)
  const procs: ChildProcess[] = []
  for (let first = 0; first < tokens.length; first += per) {
    const child = fork(new URL('./realtime-clients.mjs', import.meta.url), {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.send({
      apiUrl: stack.info.apiUrl,
      anonKey: stack.info.anonKey,
      tokens: tokens.slice(first, first + per),
      hoods: hoods.slice(first, first + per),
      first,
      mode,
      transport: TRANSPORT,
    })
    procs.push(child)
  }
  try {
    const next = <T>(child: ChildProcess, type: string) =>
      new Promise<T>((resolve, reject) => {
        const on = (m: { type: string } & T) => {
          if (m.type !== type) return
          child.off('message', on)
          child.off('exit', exit)
          resolve(m)
        }
        const exit = (code: number | null) => reject(new Error(`client process exited (${code})`))
        child.on('message', on)
        child.once('exit', exit)
      })
    const all = async <T>(type: string, post?: object) => {
      const answers = procs.map((c) => next<T>(c, type))
      if (post) for (const c of procs) c.send(post)
      return Promise.all(answers)
    }
    const subscribed = (await all<{ count: number }>('subscribed')).reduce((s, a) => s + a.count, 0)
    const subscribeMs = performance.now() - t0

    // Which client may see which idea: the listeners of its buurt, when it is visible.
    const listenersOf = new Map<string, number[]>(hoodIds.map((h) => [h, []]))
    hoods.forEach((h, i) => listenersOf.get(h)!.push(i))
    const expected = new Map<string, Set<number>>()
    for (const c of procs) c.send({ type: 'start' })
    const serverCpu = process.threadCpuUsage()
    const dbCpu = databaseCpuMs(procs)
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
      const count = (await all<{ count: number }>('count', { type: 'count' })).reduce(
        (s, a) => s + a.count,
        0,
      )
      if (count >= total) break
      if (count !== last) {
        last = count
        lastChange = performance.now()
      } else if (performance.now() - lastChange > 5000) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const serverMs = cpuMs(process.threadCpuUsage(serverCpu))
    const dbMs = databaseCpuMs(procs) - dbCpu
    const done = await all<{ received: [number, string, number, boolean][]; cpuMs: number }>(
      'done',
      { type: 'finish' },
    )
    const clientMs = done.reduce((s, d) => s + d.cpuMs, 0)

    const seen = new Set<string>()
    const delays: number[] = []
    let leaked = 0
    let duplicates = 0
    for (const [client, id, delay, secret] of done.flatMap((d) => d.received)) {
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
    // CPU per delivered message does not depend on what else the machine runs (much): it says
    // what the p95 will be where the server has its core to itself.
    const perMessage = (ms: number) => `${((ms * 1000) / Math.max(1, seen.size)).toFixed(1)} µs`
    console.log(
      `    CPU per delivered message: server ${perMessage(serverMs)} (${fmt(serverMs)} in all), Postgres + PostgREST ${perMessage(dbMs)}, clients ${perMessage(clientMs)}; load average ${loadavg()}`,
    )
    // Clean up so that the next mode starts from the same table size.
    await db.query('delete from public.ideas where id = any($1::uuid[])', [[...expected.keys()]])
    return leaked
  } finally {
    for (const c of procs) if (c.exitCode === null) c.kill()
  }
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000
}

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}

/**
 * CPU time (ms) used so far by this process's descendants other than the client processes: the
 * Postgres processes and PostgREST of the bench stack (Linux /proc; 0 elsewhere).
 */
function databaseCpuMs(clients: ChildProcess[]): number {
  try {
    const tick = 10 // USER_HZ is 100 on Linux
    const parent = new Map<number, number>()
    const ticks = new Map<number, number>()
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        parent.set(Number(name), Number(f[1]))
        ticks.set(Number(name), Number(f[11]) + Number(f[12]))
      } catch {
        // gone meanwhile
      }
    }
    const skip = new Set(clients.map((c) => c.pid))
    let total = 0
    for (const [pid, t] of ticks) {
      if (skip.has(pid) || pid === process.pid) continue
      let p = parent.get(pid)
      while (p !== undefined && p > 1 && p !== process.pid && !skip.has(p)) p = parent.get(p)
      if (p === process.pid) total += t
    }
    return total * tick
  } catch {
    return 0
  }
}
