// When a private channel is authorised, as on Supabase Realtime (realtime_channel.ex: the RLS
// read check on realtime.messages runs in `join/3` and again in `handle_in("access_token")`; a
// broadcast is then fanned out to the topic's subscribers without asking the database again).
// So the fan-out of one broadcast to a thousand sockets costs no query per subscriber, and:
//  - a join the policies refuse never receives anything on the topic;
//  - a policy dropped after the join takes effect at the channel's next token, which closes it;
//    from then on the socket receives nothing more on that topic.
// Raw sockets, so that "nothing arrived" is what the server sent, not what a client library kept:
// a later marker on the same socket proves the earlier message was judged (frames of one WAL read
// go out in order).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { sql, stackInfo } from '../support/clients.ts'
import { createUser, jwtFor } from '../support/users.ts'
import { mintToken, uniqueName, waitFor } from './realtime-support.ts'

type Frame = [string | null, string | null, string, string, Record<string, unknown>]

async function rawSocket() {
  const { apiUrl, anonKey } = stackInfo()
  const ws = new WebSocket(
    `${apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${anonKey}&vsn=2.0.0`,
  )
  const frames: Frame[] = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let ref = 0
  const push = (topic: string, event: string, payload: unknown, joinRef: string) => {
    const r = String(++ref)
    ws.send(JSON.stringify([joinRef, r, topic, event, payload]))
    return r
  }
  /** Joins and waits for the reply: its status and response. */
  const join = async (topic: string, payload: Record<string, unknown>) => {
    const r = String(ref + 1)
    push(`realtime:${topic}`, 'phx_join', payload, r)
    await waitFor(
      () => frames.some((f) => f[1] === r && f[3] === 'phx_reply'),
      5000,
      `the reply to the join of ${topic}`,
    )
    const reply = frames.find((f) => f[1] === r && f[3] === 'phx_reply')!
    return { joinRef: r, ...(reply[4] as { status: string; response: Record<string, unknown> }) }
  }
  const broadcasts = (topic: string) =>
    frames
      .filter((f) => f[2] === `realtime:${topic}` && f[3] === 'broadcast')
      .map((f) => f[4].event)
  return { ws, frames, push, join, broadcasts }
}

const sockets: WebSocket[] = []
const cleanup: string[] = []
afterAll(async () => {
  for (const ws of sockets) ws.close()
  for (const statement of cleanup) await sql(statement).catch(() => undefined)
})

describe('private channels are authorised at join and at a new token, not per message', () => {
  const topic = uniqueName('rt-timing')
  const marker = uniqueName('rt-timing-marker')
  const policy = topic.replace(/-/g, '_')
  let reader: string
  let stranger: string
  beforeAll(async () => {
    ;[reader, stranger] = (await Promise.all([createUser(), createUser()])).map((u) => u.id)
    await sql(
      `create policy ${policy}_read on realtime.messages for select to authenticated
         using ((select realtime.topic()) = '${topic}' and extension = 'broadcast'
                and (select auth.uid()) = '${reader}')`,
    )
    cleanup.push(`drop policy if exists ${policy}_read on realtime.messages`)
  })

  it('keeps the join`s decision for the channel`s life and re-checks it at the next token', async () => {
    const a = await rawSocket()
    const b = await rawSocket()
    sockets.push(a.ws, b.ws)
    const readerToken = await jwtFor(reader)
    const joined = await a.join(topic, {
      config: { private: true, broadcast: { self: false }, presence: { enabled: false } },
      access_token: readerToken,
    })
    expect(joined.status).toBe('ok')
    // The denied path at join: the stranger's policies give no read, so no channel.
    const refused = await b.join(topic, {
      config: { private: true, presence: { enabled: false } },
      access_token: await jwtFor(stranger),
    })
    expect(refused.status).toBe('error')
    expect(String(refused.response.reason)).toMatch(/do not have permissions to read/)
    // Both sockets also listen on a public marker topic: a marker that arrived after a message
    // proves the message was fanned out (or not) before it.
    expect((await a.join(marker, { config: {} })).status).toBe('ok')
    expect((await b.join(marker, { config: {} })).status).toBe('ok')
    const markerSent = async (n: number) => {
      await sql(`select realtime.send('{}'::jsonb, $1, $2, false)`, [`m${n}`, marker])
      await waitFor(
        () => a.broadcasts(marker).includes(`m${n}`) && b.broadcasts(marker).includes(`m${n}`),
        5000,
        `marker m${n}`,
      )
    }

    await sql(`select realtime.send('{"n": 1}'::jsonb, 'before', $1, true)`, [topic])
    await markerSent(1)
    expect(a.broadcasts(topic)).toEqual(['before'])
    expect(b.broadcasts(topic)).toEqual([])

    // The policy goes. The channel keeps what its join was allowed (Supabase keeps the socket's
    // policies until the token changes): the database is not asked per message.
    await sql(`drop policy ${policy}_read on realtime.messages`)
    await sql(`select realtime.send('{"n": 2}'::jsonb, 'kept', $1, true)`, [topic])
    await markerSent(2)
    expect(a.broadcasts(topic)).toEqual(['before', 'kept'])
    expect(b.broadcasts(topic)).toEqual([])

    // A new token (a refreshed session) asks the policies again: no read left closes the channel.
    const fresh = await mintToken(stackInfo().jwtSecret, {
      sub: reader,
      role: 'authenticated',
      aud: 'authenticated',
      aal: 'aal1',
      session_id: randomUUID(),
    })
    a.push(`realtime:${topic}`, 'access_token', { access_token: fresh }, joined.joinRef)
    await waitFor(
      () => a.frames.some((f) => f[2] === `realtime:${topic}` && f[3] === 'phx_close'),
      5000,
      'the channel to close',
    )
    const system = a.frames.find((f) => f[2] === `realtime:${topic}` && f[3] === 'system')
    expect(String(system?.[4].message)).toMatch(/permission/)

    // Closed: nothing more reaches the socket on that topic.
    await sql(`select realtime.send('{"n": 3}'::jsonb, 'after', $1, true)`, [topic])
    await markerSent(3)
    expect(a.broadcasts(topic)).toEqual(['before', 'kept'])
    expect(b.broadcasts(topic)).toEqual([])
    // Nor does a new join with that token get in.
    const again = await a.join(topic, {
      config: { private: true, presence: { enabled: false } },
      access_token: fresh,
    })
    expect(again.status).toBe('error')
  })
})
