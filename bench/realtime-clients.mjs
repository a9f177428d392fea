// Client process for bench/realtime.ts (started with fork, one or more; it sends its share of the
// clients over IPC): N supabase-js clients, each with its own access token (or none: a visitor),
// each watching the ideas of one buurt the way a live list can:
//  - mode `changes`: postgres_changes on INSERT into ideas, filtered on the buurt (RLS decides
//    per listener what arrives);
//  - mode `broadcast`: the private topic `buurt:<id>`, cards sent by the database (the app's way).
// The clients live in processes of their own, apart from the server's, so that the figure is the
// server's and not this process's: 1,000 clients parse 20,000 frames a second between them.
// Plain JavaScript so the process needs no TypeScript loader. It reports every idea it receives
// with its delay from the insert (the card's created_at, the same clock for both modes), whether
// the message carried a column a listener must never see, and the CPU time it used meanwhile.
import { createClient } from '@supabase/supabase-js'
import WS from 'ws'

const SECRET_KEYS = ['hidden_reason', 'hidden_by', 'hidden_at', 'author_id']

const { apiUrl, anonKey, tokens, hoods, mode, first, transport } = await new Promise((resolve) =>
  process.once('message', resolve),
)
const received = []

const clients = tokens.map((token, i) => {
  const index = first + i
  const client = createClient(apiUrl, anonKey, {
    ...(token ? { accessToken: async () => token } : {}),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // `ws`: the Node library (what a server would use); `native`: Node's own WebSocket (undici),
    // which costs this process about twice the CPU per frame.
    ...(transport === 'ws' ? { realtime: { transport: WS } } : {}),
  })
  const record = (row) => {
    const at = Date.now()
    const secret = SECRET_KEYS.some((k) => row[k] !== undefined && row[k] !== null)
    received.push([index, row.id, at - Date.parse(row.created_at), secret])
  }
  const hood = hoods[i]
  const channel =
    mode === 'broadcast'
      ? client
          .channel(`buurt:${hood}`, { config: { private: true } })
          .on('broadcast', { event: 'card' }, ({ payload }) => {
            if (payload.new) record(payload)
          })
      : client.channel(`bench-${index}`).on(
          'postgres_changes',
          {
            event: 'INSERT',
            schema: 'public',
            table: 'ideas',
            filter: `neighbourhood_id=eq.${hood}`,
          },
          (p) => record(p.new),
        )
  return { client, channel }
})

// Give realtime the token before joining: a join sends the token only if it is known by then.
await Promise.all(
  clients.map(({ client }, i) => (tokens[i] ? client.realtime.setAuth(tokens[i]) : undefined)),
)
const subscribed = await Promise.all(
  clients.map(
    ({ channel }) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 120_000)
        channel.subscribe((status) => {
          if (status === 'SUBSCRIBED') {
            clearTimeout(timer)
            resolve(true)
          }
        })
      }),
  ),
)
process.send({ type: 'subscribed', count: subscribed.filter(Boolean).length })

let cpuStart = process.cpuUsage()
process.on('message', async (m) => {
  if (m.type === 'start') cpuStart = process.cpuUsage()
  if (m.type === 'count') process.send({ type: 'count', count: received.length })
  if (m.type === 'finish') {
    const cpu = process.cpuUsage(cpuStart)
    await Promise.all(clients.map(({ client }) => client.removeAllChannels()))
    for (const { client } of clients) client.realtime.disconnect()
    process.send({ type: 'done', received, cpuMs: (cpu.user + cpu.system) / 1000 }, () =>
      process.exit(0),
    )
  }
})
