// Realtime across restarts, on a private stack so that restarting it disturbs no other test:
// clients rejoin by themselves after restartRealtime, change capture comes back after a
// Postgres crash, no replication slot is left behind, and silent sockets are dropped.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealtime } from '../../supabase/local/realtime/index.ts'
import {
  statusLog,
  privateStackWithTable,
  watchInserts,
  userClient,
  waitFor,
} from './realtime-support.ts'

const own = privateStackWithTable('rt_restart')
const { table, db } = own

describe('realtime across restarts', () => {
  it('clients rejoin after restartRealtime and keep receiving changes, also after a Postgres crash', async () => {
    const me = await userClient(own.stack.info)
    const { got, channel } = watchInserts(me.client, table, 'survivor')
    const log = statusLog(channel)
    const subscribedCount = () => log.statuses.filter((s) => s === 'SUBSCRIBED').length
    await waitFor(() => subscribedCount() === 1, 10_000, 'the first join')

    await db(`insert into public.${table} (owner, n) values ($1, 1)`, [me.userId])
    await waitFor(() => got.includes(1), 10_000, 'a change before the restart')

    await own.stack.restartRealtime({ downMs: 100 })
    // The client sees its socket close, reconnects (after 1 s) and rejoins by itself.
    await waitFor(() => subscribedCount() === 2, 15_000, 'the rejoin')
    expect(log.statuses).toContain('CHANNEL_ERROR')
    await db(`insert into public.${table} (owner, n) values ($1, 2)`, [me.userId])
    await waitFor(() => got.includes(2), 10_000, 'a change after restartRealtime')

    // Crash Postgres: the realtime server reconnects its replication stream with backoff.
    // Changes committed before the new slot exists are gone (as on Supabase), so keep writing
    // until one arrives.
    await own.stack.restartPostgres({ downMs: 200 })
    let n = 100
    await waitFor(
      () => {
        if (got.some((v) => v >= 100)) return true
        void db(`insert into public.${table} (owner, n) values ($1, $2)`, [me.userId, n++]).catch(
          () => undefined,
        )
        return false
      },
      20_000,
      'a change after the Postgres restart',
    )
    // When capture resumes, the server errors the channel (changes may have been missed) and
    // the client rejoins after a second. Once it has, nothing is lost or reordered.
    await waitFor(() => subscribedCount() >= 3, 20_000, 'the rejoin after the Postgres restart')
    for (let i = 0; i < 20; i++)
      await db(`insert into public.${table} (owner, n) values ($1, $2)`, [me.userId, 1000 + i])
    await waitFor(() => got.filter((v) => v >= 1000).length >= 20, 10_000, 'twenty more changes')
    expect(got.filter((v) => v >= 1000)).toEqual(Array.from({ length: 20 }, (_, i) => 1000 + i))
    await me.client.removeAllChannels()
  }, 90_000)

  it('stops and starts repeatedly without leaving replication slots behind', async () => {
    for (let i = 0; i < 3; i++) await own.stack.restartRealtime()
    const slots = await db(`select slot_name, temporary from pg_replication_slots`)
    expect(slots).toHaveLength(1)
    expect(slots[0].temporary).toBe(true)
    // The _realtime schema is not for the API roles.
    const [grants] = await db(
      `select has_schema_privilege('anon', '_realtime', 'usage') as anon,
              has_schema_privilege('authenticated', '_realtime', 'usage') as authed`,
    )
    expect(grants).toEqual({ anon: false, authed: false })
  })
})

describe('idle sockets', () => {
  let server: Server
  const realtime = () =>
    createRealtime({
      dbUrl: own.stack.info.dbUrl,
      jwtSecret: own.stack.info.jwtSecret,
      log: () => undefined,
      idleTimeoutMs: 400,
    })
  let service: ReturnType<typeof realtime>

  beforeAll(async () => {
    service = realtime()
    await service.start()
    server = createServer(
      (req, res) =>
        void service.handle(req, res, req.url ?? '/', new URL(req.url ?? '/', 'http://x')),
    )
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x')
      service.handleUpgrade(req, socket, head, url.pathname, url)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  })

  afterAll(async () => {
    await service?.stop()
    server?.closeAllConnections()
    await new Promise((r) => server?.close(r))
  })

  it('drops a socket that never sends a heartbeat, keeps one that does', async () => {
    const { port } = server.address() as AddressInfo
    const open = () =>
      new Promise<{ ws: WebSocket; closed: Promise<number> }>((resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${port}/websocket?apikey=${own.stack.info.anonKey}&vsn=2.0.0`,
        )
        const closed = new Promise<number>((r) => ws.addEventListener('close', (e) => r(e.code)))
        ws.addEventListener('open', () => resolve({ ws, closed }))
        ws.addEventListener('error', reject)
      })
    const silent = await open()
    const chatty = await open()
    let chattyClosed = false
    void chatty.closed.then(() => (chattyClosed = true))
    const beat = setInterval(
      () => chatty.ws.send(JSON.stringify([null, 'h', 'phoenix', 'heartbeat', {}])),
      100,
    )
    try {
      expect(await silent.closed).toBe(1000)
      expect(chattyClosed).toBe(false)
    } finally {
      clearInterval(beat)
      chatty.ws.close()
    }
  })
})
