// Realtime broadcast and presence between supabase-js clients, the REST broadcast fallback, and
// a server that survives whatever a socket sends it.
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stackInfo } from '../support/clients.ts'
import {
  mintToken,
  realtimeClient,
  subscribed,
  uniqueName,
  waitFor,
  type Target,
} from './realtime-support.ts'

let target: Target
const clients: SupabaseClient[] = []

async function client() {
  const c = await realtimeClient(target)
  clients.push(c)
  return c
}

beforeAll(() => {
  target = stackInfo()
})

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
})

describe('broadcast', () => {
  it('reaches the other client; the sender only with self:true; ack replies ok', async () => {
    const topic = uniqueName('room')
    const [a, b] = [await client(), await client()]
    const aGot: unknown[] = []
    const bGot: unknown[] = []
    const chA = a.channel(topic, { config: { broadcast: { self: false, ack: true } } })
    chA.on('broadcast', { event: 'hello' }, (m) => aGot.push(m))
    const chB = b.channel(topic, { config: { broadcast: { self: true } } })
    chB.on('broadcast', { event: '*' }, (m) => bGot.push(m))
    await subscribed(chA)
    await subscribed(chB)

    // ack:true: the promise waits for the server's reply.
    expect(await chA.send({ type: 'broadcast', event: 'hello', payload: { from: 'a' } })).toBe('ok')
    expect(await chB.send({ type: 'broadcast', event: 'hello', payload: { from: 'b' } })).toBe('ok')
    await waitFor(() => aGot.length === 1 && bGot.length === 2, 5000, 'the broadcasts')
    expect(aGot).toEqual([{ type: 'broadcast', event: 'hello', payload: { from: 'b' } }])
    expect(bGot).toEqual([
      { type: 'broadcast', event: 'hello', payload: { from: 'a' } },
      { type: 'broadcast', event: 'hello', payload: { from: 'b' } },
    ])
    // A later broadcast from A arrives at B only, never echoed to A (self:false).
    await chA.send({ type: 'broadcast', event: 'hello', payload: { from: 'a', n: 2 } })
    await waitFor(() => bGot.length === 3, 5000, 'the second broadcast')
    // A marker from B, sent after the server fanned A's message out: once it reaches A, an echo
    // of A's own message would have reached A before it.
    await chB.send({ type: 'broadcast', event: 'hello', payload: { from: 'b', marker: true } })
    await waitFor(() => aGot.length === 2, 5000, 'the marker')
    expect(aGot[1]).toEqual({
      type: 'broadcast',
      event: 'hello',
      payload: { from: 'b', marker: true },
    })
  })

  it('does not leak to other topics', async () => {
    const [a, b, c] = [await client(), await client(), await client()]
    const elsewhere = uniqueName('elsewhere')
    const bGot: { event: string }[] = []
    const chA = a.channel(uniqueName('here'), { config: { broadcast: { ack: true } } })
    const chB = b
      .channel(elsewhere)
      .on('broadcast', { event: '*' }, (m) => bGot.push(m as { event: string }))
    const chC = c.channel(elsewhere)
    await subscribed(chA)
    await subscribed(chB)
    await subscribed(chC)
    // ack: the server has fanned the message out before it answers.
    expect(await chA.send({ type: 'broadcast', event: 'x', payload: {} })).toBe('ok')
    // Then a marker on B's own topic: once it arrives, a leaked message would have arrived first.
    await chC.send({ type: 'broadcast', event: 'marker', payload: {} })
    await waitFor(() => bGot.length > 0, 5000, 'the marker')
    expect(bGot.map((m) => m.event)).toEqual(['marker'])
  })

  it('falls back to REST when not joined, and serves httpSend', async () => {
    const topic = uniqueName('rest')
    const listener = await client()
    const got: unknown[] = []
    await subscribed(listener.channel(topic).on('broadcast', { event: '*' }, (m) => got.push(m)))

    const sender = await client()
    const notJoined = sender.channel(topic)
    expect(await notJoined.send({ type: 'broadcast', event: 'via-rest', payload: { a: 1 } })).toBe(
      'ok',
    )
    const viaHttp = await notJoined.httpSend('via-httpsend', { b: 2 })
    expect(viaHttp).toMatchObject({ success: true })
    await waitFor(() => got.length === 2, 5000, 'the REST broadcasts')
    expect(got).toEqual([
      { type: 'broadcast', event: 'via-rest', payload: { a: 1 } },
      { type: 'broadcast', event: 'via-httpsend', payload: { b: 2 } },
    ])
  })

  it('refuses REST broadcast with a bad token', async () => {
    const res = await fetch(`${target.apiUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: target.anonKey,
        authorization: 'Bearer not-a-jwt',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ messages: [{ topic: 'x', event: 'y', payload: {} }] }),
    })
    expect(res.status).toBe(401)
  })
  it('carries channel and event names beyond ASCII in binary broadcasts', async () => {
    // realtime-js 2.110+ writes the binary header as UTF-8 and counts bytes, not characters.
    const topic = uniqueName('kamer-ü-🙂')
    const [a, b] = [await client(), await client()]
    const bGot: unknown[] = []
    const chA = a.channel(topic, { config: { broadcast: { ack: true } } })
    const chB = b.channel(topic).on('broadcast', { event: 'groet-é' }, (m) => bGot.push(m))
    await subscribed(chA)
    await subscribed(chB)
    expect(await chA.send({ type: 'broadcast', event: 'groet-é', payload: { t: 'ça' } })).toBe('ok')
    await waitFor(() => bGot.length === 1, 5000, 'the broadcast')
    expect(bGot).toEqual([{ type: 'broadcast', event: 'groet-é', payload: { t: 'ça' } }])
  })

  it('refuses to store a broadcast (persist): the local stack keeps none to replay', async () => {
    const token = await mintToken(target.jwtSecret, { role: 'service_role' })
    const [a, b] = [await realtimeClient(target, token), await realtimeClient(target, token)]
    clients.push(a, b)
    const topic = uniqueName('kept')
    const bGot: unknown[] = []
    const chA = a.channel(topic, { config: { private: true, broadcast: { ack: true } } })
    const chB = b
      .channel(topic, { config: { private: true } })
      .on('broadcast', { event: '*' }, (m) => bGot.push(m))
    await subscribed(chA)
    await subscribed(chB)
    const refused = await chA.send({ type: 'broadcast', event: 'keep', payload: {}, persist: true })
    expect(refused).toMatch(/not stored/)
    await expect(chA.httpSend('keep', {}, { persist: { ttl: 60 } })).rejects.toThrow(/not stored/)
    // Nothing of the refused messages arrived; a later plain broadcast does.
    expect(await chA.send({ type: 'broadcast', event: 'marker', payload: {} })).toBe('ok')
    await waitFor(() => bGot.length > 0, 5000, 'the marker')
    expect(bGot).toEqual([{ type: 'broadcast', event: 'marker', payload: {} }])
  })
})

describe('presence', () => {
  it('syncs, joins and leaves between two clients', async () => {
    const topic = uniqueName('presence')
    const [a, b] = [await client(), await client()]
    const aEvents: string[] = []
    const chA = a.channel(topic, { config: { presence: { key: 'alice' } } })
    chA.on('presence', { event: 'sync' }, () => aEvents.push('sync'))
    chA.on('presence', { event: 'join' }, ({ key }) => aEvents.push(`join:${key}`))
    chA.on('presence', { event: 'leave' }, ({ key }) => aEvents.push(`leave:${key}`))
    await subscribed(chA)
    await waitFor(() => aEvents.includes('sync'), 5000, 'the first sync (presence_state {})')
    expect(await chA.track({ name: 'Alice' })).toBe('ok')
    await waitFor(() => aEvents.includes('join:alice'), 5000, 'own join')

    const chB = b.channel(topic, { config: { presence: { key: 'bob' } } })
    const bSynced: string[][] = []
    chB.on('presence', { event: 'sync' }, () => bSynced.push(Object.keys(chB.presenceState())))
    await subscribed(chB)
    // B's presence_state already holds Alice.
    await waitFor(() => bSynced.some((keys) => keys.includes('alice')), 5000, 'state with alice')
    expect(chB.presenceState().alice[0]).toMatchObject({ name: 'Alice' })

    expect(await chB.track({ name: 'Bob' })).toBe('ok')
    await waitFor(() => aEvents.includes('join:bob'), 5000, 'bob joins')
    expect(Object.keys(chA.presenceState()).sort()).toEqual(['alice', 'bob'])

    expect(await chB.untrack()).toBe('ok')
    await waitFor(() => aEvents.includes('leave:bob'), 5000, 'bob leaves on untrack')
    await chB.track({ name: 'Bob again' })
    await waitFor(() => aEvents.filter((e) => e === 'join:bob').length === 2, 5000, 'bob back')
    await b.removeChannel(chB)
    await waitFor(
      () => aEvents.filter((e) => e === 'leave:bob').length === 2,
      5000,
      'bob leaves with the channel',
    )
    expect(Object.keys(chA.presenceState())).toEqual(['alice'])
  })

  it('sends a leave when a socket closes', async () => {
    const topic = uniqueName('presence')
    const [a, b] = [await client(), await client()]
    const leaves: string[] = []
    const chA = a.channel(topic, { config: { presence: { key: 'stays' } } })
    chA.on('presence', { event: 'leave' }, ({ key }) => leaves.push(key))
    await subscribed(chA)
    const chB = b.channel(topic, { config: { presence: { key: 'goes' } } })
    await subscribed(chB)
    await chB.track({})
    await waitFor(() => 'goes' in chA.presenceState(), 5000, 'goes is present')
    b.realtime.disconnect()
    await waitFor(() => leaves.includes('goes'), 5000, 'the leave')
  })
})

describe('robustness', () => {
  function rawSocket(): Promise<{ ws: WebSocket; frames: unknown[]; closed: Promise<number> }> {
    const url = `${target.apiUrl.replace('http', 'ws')}/realtime/v1/websocket?apikey=${target.anonKey}&vsn=2.0.0`
    const ws = new WebSocket(url)
    const frames: unknown[] = []
    ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))))
    const closed = new Promise<number>((r) => ws.addEventListener('close', (e) => r(e.code)))
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => resolve({ ws, frames, closed }))
      ws.addEventListener('error', reject)
    })
  }

  it('answers heartbeats and survives garbage, unknown events and bad binary frames', async () => {
    const { ws, frames } = await rawSocket()
    ws.send('not json at all')
    ws.send('{"topic":"x"}')
    ws.send('[1,2]')
    ws.send(JSON.stringify(['1', '2', 42, 'phx_join', {}]))
    ws.send(JSON.stringify([null, '3', 'realtime:nowhere', 'broadcast', {}]))
    ws.send(JSON.stringify([null, '4', 'phoenix', 'explode', {}]))
    ws.send(Buffer.from([9, 1, 2, 3]))
    ws.send(Buffer.from([3, 200, 200, 200, 200, 0, 1, 65]))
    ws.send(JSON.stringify(['5', '5', 'realtime:ok', 'phx_join', { config: 'nonsense' }]))
    ws.send(JSON.stringify(['5', '6', 'realtime:ok', 'nonsense', null]))
    ws.send(JSON.stringify(['5', '7', 'realtime:ok', 'presence', { event: 'dance' }]))
    ws.send(JSON.stringify(['5', '8', 'realtime:ok', 'broadcast', 'not an object']))
    ws.send(JSON.stringify([null, '9', 'phoenix', 'heartbeat', {}]))
    await waitFor(
      () => frames.some((f) => (f as unknown[])[1] === '9'),
      5000,
      'the heartbeat reply',
    )

    const byRef = (ref: string) => frames.find((f) => (f as unknown[])[1] === ref) as unknown[]
    expect(byRef('9')).toEqual([null, '9', 'phoenix', 'phx_reply', { status: 'ok', response: {} }])
    expect(byRef('3')[4]).toMatchObject({
      status: 'error',
      response: { reason: 'unmatched topic' },
    })
    expect(byRef('4')[4]).toMatchObject({ status: 'error' })
    expect(byRef('5')[4]).toMatchObject({ status: 'ok', response: { postgres_changes: [] } })
    for (const ref of ['6', '7', '8']) expect(byRef(ref)[4]).toMatchObject({ status: 'error' })
    ws.close()

    // The server still serves clients.
    const c = await client()
    await subscribed(c.channel(uniqueName('after-garbage')))
  })

  it('fans out binary kind-3 broadcasts and acks them', async () => {
    const topic = `realtime:${uniqueName('binary')}`
    const sender = await rawSocket()
    const receiver = await rawSocket()
    const join = (ws: WebSocket, ref: string, broadcast: object) =>
      ws.send(
        JSON.stringify([
          ref,
          ref,
          topic,
          'phx_join',
          { config: { broadcast, presence: { key: '' } } },
        ]),
      )
    join(sender.ws, '1', { ack: true, self: false })
    join(receiver.ws, '1', {})
    await waitFor(() => sender.frames.length > 0 && receiver.frames.length > 0, 5000, 'the joins')
    // The frame realtime-js sends for channel.send() while joined (captured from 2.109; 2.119 same).
    const parts = ['1', '2', topic, 'hello', '']
    const body = Buffer.from(JSON.stringify({ msg: 'hi' }))
    const frame = Buffer.concat([
      Buffer.from([3, ...parts.map((p) => p.length), 1]),
      Buffer.from(parts.join(''), 'latin1'),
      body,
    ])
    sender.ws.send(frame)
    await waitFor(
      () => receiver.frames.some((f) => (f as unknown[])[3] === 'broadcast'),
      5000,
      'the broadcast',
    )
    expect(receiver.frames.find((f) => (f as unknown[])[3] === 'broadcast')).toEqual([
      null,
      null,
      topic,
      'broadcast',
      { type: 'broadcast', event: 'hello', payload: { msg: 'hi' } },
    ])
    await waitFor(() => sender.frames.some((f) => (f as unknown[])[1] === '2'), 5000, 'the ack')
    expect(sender.frames.find((f) => (f as unknown[])[1] === '2')).toEqual([
      '1',
      '2',
      topic,
      'phx_reply',
      { status: 'ok', response: {} },
    ])
    expect(sender.frames.some((f) => (f as unknown[])[3] === 'broadcast')).toBe(false)
    sender.ws.close()
    receiver.ws.close()
  })

  it('closes a socket that sends an oversized frame, and only that one', async () => {
    const { ws, closed } = await rawSocket()
    ws.send('x'.repeat(4 * 1024 * 1024))
    expect(await closed).toBe(1009)
    const c = await client()
    await subscribed(c.channel(uniqueName('after-oversized')))
  })
})
