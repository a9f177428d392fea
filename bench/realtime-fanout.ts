// npm run bench:realtime-fanout — the server's share of a broadcast, alone: the CPU time of the
// local Realtime's fan-out (supabase/local/realtime/outbound.ts, as a database broadcast uses it)
// for one card to BENCH_SOCKETS sockets (default 1,000), on real TCP sockets to a client process.
// Measured as this thread's CPU time (user + system, so the kernel's work per socket write counts),
// which hardly depends on what else the machine runs; the wall-clock figures of bench:realtime do.
// Nothing else runs in this process: no database (the policies are taken as allowed at join, which
// is where they are checked), no gateway.
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  Registry,
  roomOf,
  type Channel,
  type Connection,
} from '../supabase/local/realtime/channels.ts'
import { Outbound } from '../supabase/local/realtime/outbound.ts'
import { machine, median, percentile } from './lib.ts'

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000)
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300)
const topic = 'realtime:buurt:bench'
const room = roomOf(topic, true)

const registry = new Registry()
const out = new Outbound(registry)
const http = createServer()
const wss = new WebSocketServer({ server: http, perMessageDeflate: false })
const open: WebSocket[] = []
wss.on('connection', (ws) => {
  const conn: Connection = { ws, apikey: null, vsn: '2.0.0', channels: new Map(), lastSeen: 0 }
  const ch = {
    id: String(open.length),
    conn,
    topic,
    room,
    name: topic.slice('realtime:'.length),
    joinRef: '1',
    token: '',
    claims: { role: 'anon' },
    claimsKey: '{"role":"anon"}',
    broadcastSelf: false,
    broadcastAck: false,
    presenceEnabled: false,
    presenceKey: '',
    isPrivate: true,
    policies: { broadcast: { read: true }, presence: {} },
    bindings: [],
  } satisfies Channel
  conn.channels.set(topic, ch)
  registry.add(ch)
  open.push(ws)
})
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
const port = (http.address() as { port: number }).port

// The clients: plain `ws` sockets in a process of their own that count what they receive.
const child = fork(new URL('./realtime-fanout-clients.mjs', import.meta.url), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
child.send({ url: `ws://127.0.0.1:${port}`, sockets: SOCKETS })
await new Promise((r) => child.once('message', r))
while (open.length < SOCKETS) await new Promise((r) => setTimeout(r, 10))

// A card as the buurt trigger sends it (about 600 bytes of JSON).
const card = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `Idee nummer ${n}`,
  body: 'Een idee voor de buurt, met genoeg woorden om te tellen.',
  kind: 'idea',
  status: 'new',
  theme_id: '6f1c2b1e-8d44-4b7a-9f57-0d0c3b8f2a11',
  neighbourhood_id: '2b4f4a55-51c5-4d1e-a2a8-6a5b3f1e9c20',
  vote_count: 0,
  comment_count: 0,
  created_at: new Date().toISOString(),
  channel: 'web',
  theme_slug: 'groen',
  neighbourhood_name: 'Blixembosch-Oost',
  author_name: null,
  author_organisation_id: null,
  new: true,
})

const cpu: number[] = []
const user: number[] = []
for (let n = 0; n < MESSAGES; n++) {
  const before = process.threadCpuUsage()
  out.broadcast(room, topic, 'card', card(n), { id: String(n) })
  // The writes happen when the corked sockets are released (next tick): count them in.
  await new Promise((r) => process.nextTick(r))
  const used = process.threadCpuUsage(before)
  cpu.push((used.user + used.system) / 1000)
  user.push(used.user / 1000)
  // Let the clients read, so that socket buffers never fill (that would be a different test).
  await new Promise((r) => setTimeout(r, 5))
}
// Every frame must arrive: wait until the clients have them all, or nothing new came for 2 s.
let received = -1
for (let last = -2, since = Date.now(); received < SOCKETS * MESSAGES;) {
  child.send({ type: 'count' })
  received = await new Promise<number>((r) =>
    child.once('message', (m: { count: number }) => r(m.count)),
  )
  if (received !== last) [last, since] = [received, Date.now()]
  else if (Date.now() - since > 2000) break
  await new Promise((r) => setTimeout(r, 50))
}
console.log(
  `bench:realtime-fanout — one broadcast to ${SOCKETS} sockets, ${MESSAGES} times, on ${machine()}`,
)
console.log(
  `  server CPU per broadcast: median ${median(cpu).toFixed(2)} ms, p95 ${percentile(cpu, 95).toFixed(2)} ms; per socket ${((median(cpu) * 1000) / SOCKETS).toFixed(1)} µs (of which in user space ${((median(user) * 1000) / SOCKETS).toFixed(1)} µs, the rest in the kernel)`,
)
console.log(`  frames received by the clients: ${received} of ${SOCKETS * MESSAGES}`)
child.kill()
for (const ws of open) ws.terminate()
wss.close()
http.close()
