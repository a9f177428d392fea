// Worker for bench/realtime.ts: N supabase-js clients (Node's WebSocket), each with its own access
// token (or none: anon), subscribed to inserts on ideas and notifications. Plain JavaScript so the
// worker needs no TypeScript loader. It reports every event it receives, with its delay.
import { parentPort, workerData } from 'node:worker_threads'
import { createClient } from '@supabase/supabase-js'

const { apiUrl, anonKey, tokens } = workerData
const received = []
const clients = tokens.map((token, index) => {
  const client = createClient(apiUrl, anonKey, {
    ...(token ? { accessToken: async () => token } : {}),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  const record = (table) => (payload) => {
    const at = Date.now()
    received.push([index, table, payload.new.id, at - Date.parse(payload.commit_timestamp)])
  }
  const channel = client
    .channel(`bench-${index}`)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'ideas' }, record('ideas'))
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'notifications' },
      record('notifications'),
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
        const timer = setTimeout(() => resolve(false), 60_000)
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
