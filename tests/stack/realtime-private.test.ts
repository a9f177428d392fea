// Private and public channels with the same name are two topics, as on Supabase: the service
// role's private `realtime:ops` (presence and broadcasts) and an anonymous public `realtime:ops`
// never see each other, over the websocket or the broadcast API. "Nothing arrived" is proved by
// a later marker on the same topic that did arrive.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { afterAll, describe, expect, it } from 'vitest'
import { anonClient, serviceClient, stackInfo } from '../support/clients.ts'
import { subscribed, waitFor } from './realtime-support.ts'

const clients: SupabaseClient[] = []
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
})

function client(kind: 'anon' | 'service') {
  const c = kind === 'anon' ? anonClient() : serviceClient()
  clients.push(c)
  return c
}

type Message = { event: string; payload?: unknown }

function listen(channel: RealtimeChannel) {
  const got: Message[] = []
  channel.on('broadcast', { event: '*' }, (m) => got.push(m as Message))
  return got
}

const events = (got: Message[]) => got.map((m) => m.event)

async function apiBroadcast(key: string, message: Record<string, unknown>) {
  const res = await fetch(`${stackInfo().apiUrl}/realtime/v1/api/broadcast`, {
    method: 'POST',
    headers: { apikey: key, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [message] }),
  })
  return res.status
}

describe('private and public channels of the same name', () => {
  it('keep presence and broadcasts apart, both ways and over the broadcast API', async () => {
    const { anonKey, serviceRoleKey } = stackInfo()
    // The service role's private channel: presence with metadata, broadcasts with ack.
    const ops = client('service').channel('ops', {
      config: { private: true, presence: { key: 'ops-bot' }, broadcast: { self: true, ack: true } },
    })
    const opsGot = listen(ops)
    ops.on('presence', { event: 'sync' }, () => undefined)
    await subscribed(ops)
    expect(await ops.track({ secret: 'the private meta' })).toBe('ok')
    await waitFor(() => 'ops-bot' in ops.presenceState(), 5000, 'the private presence')

    // An anonymous visitor joins the public channel of the same name.
    const visitor = client('anon').channel('ops', { config: { broadcast: { ack: true } } })
    const visitorGot = listen(visitor)
    let visitorSynced = 0
    visitor.on('presence', { event: 'sync' }, () => visitorSynced++)
    await subscribed(visitor)
    await waitFor(() => visitorSynced > 0, 5000, 'the visitor`s presence state')

    // A second public client: its presence and broadcasts are the markers on the public topic.
    const neighbour = client('anon').channel('ops', {
      config: { presence: { key: 'marker' }, broadcast: { ack: true } },
    })
    await subscribed(neighbour)

    // Private → public: presence state and diffs, and broadcasts.
    expect(await ops.send({ type: 'broadcast', event: 'private-news', payload: { n: 1 } })).toBe(
      'ok',
    )
    expect(await neighbour.track({ here: true })).toBe('ok')
    await neighbour.send({ type: 'broadcast', event: 'public-marker', payload: {} })
    await waitFor(() => events(visitorGot).includes('public-marker'), 5000, 'the public marker')
    await waitFor(() => 'marker' in visitor.presenceState(), 5000, 'the public presence marker')
    expect(Object.keys(visitor.presenceState())).toEqual(['marker'])
    expect(events(visitorGot)).toEqual(['public-marker'])

    // Public → private: the visitor's broadcasts, and the broadcast API with only the anon key,
    // also when it asks for the private topic.
    expect(await visitor.send({ type: 'broadcast', event: 'from-visitor', payload: {} })).toBe('ok')
    expect(await apiBroadcast(anonKey, { topic: 'ops', event: 'from-api', payload: {} })).toBe(202)
    expect(
      await apiBroadcast(anonKey, { topic: 'ops', event: 'forged', payload: {}, private: true }),
    ).toBe(202)
    const single = await fetch(
      `${stackInfo().apiUrl}/realtime/v1/api/broadcast/ops/events/forged-single?private=true`,
      {
        method: 'POST',
        headers: { apikey: anonKey, 'content-type': 'application/json' },
        body: '{}',
      },
    )
    expect(single.status).toBe(403)
    await ops.send({ type: 'broadcast', event: 'private-marker', payload: {} })
    await waitFor(() => events(opsGot).includes('private-marker'), 5000, 'the private marker')
    expect(events(opsGot)).toEqual(['private-news', 'private-marker'])
    expect(Object.keys(ops.presenceState())).toEqual(['ops-bot'])

    // The public API broadcast did reach the public topic; the service role reaches the private one.
    await waitFor(() => events(visitorGot).includes('from-api'), 5000, 'the public API broadcast')
    expect(
      await apiBroadcast(serviceRoleKey, {
        topic: 'ops',
        event: 'ops-api',
        payload: {},
        private: true,
      }),
    ).toBe(202)
    await waitFor(() => events(opsGot).includes('ops-api'), 5000, 'the private API broadcast')
    await neighbour.send({ type: 'broadcast', event: 'public-marker-2', payload: {} })
    await waitFor(() => events(visitorGot).includes('public-marker-2'), 5000, 'the second marker')
    expect(events(visitorGot)).not.toContain('ops-api')
    expect(events(visitorGot)).not.toContain('forged')
  })

  it('refuses a private join to anyone but the service role', async () => {
    const channel = client('anon').channel('ops', { config: { private: true } })
    const errors: string[] = []
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR' && err) errors.push(err.message)
    })
    await waitFor(() => errors.length > 0, 5000, 'the refusal')
    expect(errors[0]).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: ops',
    )
  })
})
