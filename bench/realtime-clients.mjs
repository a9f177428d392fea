// Worker for bench/realtime.ts: N supabase-js clients (Node's WebSocket), each with its own access
// token (or none: a visitor), each watching the ideas of one buurt the way a live list can:
//  - mode `changes`: postgres_changes on INSERT into ideas, filtered on the buurt (RLS decides
//    per listener what arrives);
//  - mode `broadcast`: the private topic `buurt:<id>`, cards sent by the database (the app's way).
// Plain JavaScript so the worker needs no TypeScript loader. It reports every idea it receives with
// its delay from the insert (the card's created_at, the same clock for both modes), and whether
// the message carried a column a listener must never see.
import { parentPort, workerData } from 'node:worker_threads'
import { createClient } from '@supabase/supabase-js'

const { apiUrl, anonKey, tokens, hoods, mode } = workerData
const received = []
const SECRET_KEYS = ['hidden_reason', 'hidden_by', 'hidden_at', 'author_id']

const clients = tokens.map((token, index) => {
  const client = createClient(apiUrl, anonKey, {
    ...(token ? { accessToken: async () => token } : {}),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  const record = (row) => {
    const at = Date.now()
    const secret = SECRET_KEYS.some((k) => row[k] !== undefined && row[k] !== null)
    received.push([index, row.id, at - Date.parse(row.created_at), secret])
  }
  const hood = hoods[index]
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
parentPort.postMessage({ type: 'subscribed', count: subscribed.filter(Boolean).length })

parentPort.on('message', async (m) => {
  if (m.type === 'count') parentPort.postMessage({ type: 'count', count: received.length })
  if (m.type === 'finish') {
    await Promise.all(clients.map(({ client }) => client.removeAllChannels()))
    for (const { client } of clients) client.realtime.disconnect()
    parentPort.postMessage({ type: 'done', received })
  }
})
