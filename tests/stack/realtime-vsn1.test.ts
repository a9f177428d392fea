// Phoenix serializer vsn 1.0.0 (JSON object frames, Phoenix.Socket.V1.JSONSerializer), which many
// Supabase clients in other languages speak: chosen per socket by the `vsn` query parameter, 1.0.0
// when it is missing, any other version refused. A raw websocket, frame by frame: heartbeat, join,
// broadcast, presence and postgres_changes; and supabase-js itself with `vsn: '1.0.0'`.
import { createClient } from '@supabase/supabase-js'
import { afterAll, describe, expect, it } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'
import { subscribed, uniqueName, waitFor } from './realtime-support.ts'

type V1 = { topic: string; event: string; payload: Record<string, unknown>; ref: string | null }

const sockets: WebSocket[] = []
const tables: string[] = []
afterAll(async () => {
  for (const ws of sockets) ws.close()
  for (const t of tables) await sql(`drop table if exists public.${t}`)
})

function url(vsn?: string) {
  const { apiUrl, anonKey } = stackInfo()
  return `${apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${anonKey}${vsn === undefined ? '' : `&vsn=${vsn}`}`
}

async function socket(vsn?: string) {
  const ws = new WebSocket(url(vsn))
  sockets.push(ws)
  const frames: unknown[] = []
  ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))))
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve)
    ws.addEventListener('error', reject)
  })
  const send = (frame: Record<string, unknown>) => ws.send(JSON.stringify(frame))
  const find = (pred: (f: V1) => boolean) => frames.find((f) => pred(f as V1)) as V1 | undefined
  const wait = async (pred: (f: V1) => boolean, what: string) => {
    await waitFor(() => find(pred) !== undefined, 5000, what)
    return find(pred)!
  }
  const reply = (ref: string) =>
    wait((f) => f.event === 'phx_reply' && f.ref === ref, `reply ${ref}`)
  return { ws, frames, send, find, wait, reply }
}

describe('vsn 1.0.0 over a raw websocket', () => {
  it('answers heartbeats as objects, without join_ref, and refuses what is not an object', async () => {
    const s = await socket('1.0.0')
    s.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '1' })
    expect(await s.reply('1')).toEqual({
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
      ref: '1',
    })
    // A 2.0.0 array frame means nothing in 1.0.0; a frame without `payload` is refused under its ref.
    s.ws.send(JSON.stringify([null, '2', 'phoenix', 'heartbeat', {}]))
    s.send({ topic: 'realtime:x', event: 'phx_join', ref: '3' })
    expect((await s.reply('3')).payload).toMatchObject({
      status: 'error',
      response: { reason: 'malformed frame: missing key "payload"' },
    })
    s.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '4' })
    await s.reply('4')
    expect(s.find((f) => f.ref === '2')).toBeUndefined()
    expect(s.frames.every((f) => !Array.isArray(f))).toBe(true)
  })

  it('is what a socket without vsn speaks; an unknown vsn is refused', async () => {
    const s = await socket()
    s.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '1' })
    expect((await s.reply('1')).payload).toEqual({ status: 'ok', response: {} })
    const refused = new WebSocket(url('3.0.0'))
    const failed = await new Promise<boolean>((resolve) => {
      refused.addEventListener('open', () => resolve(false))
      refused.addEventListener('error', () => resolve(true))
    })
    expect(failed).toBe(true)
  })

  it('joins, broadcasts and tracks presence between a 1.0.0 and a 2.0.0 client', async () => {
    const name = uniqueName('v1-room')
    const topic = `realtime:${name}`
    const a = await socket('1.0.0')
    const join = {
      config: { broadcast: { self: false, ack: true }, presence: { key: 'een', enabled: true } },
    }
    a.send({ topic, event: 'phx_join', payload: join, ref: '1', join_ref: '1' })
    expect((await a.reply('1')).payload).toEqual({
      status: 'ok',
      response: { postgres_changes: [] },
    })
    await a.wait((f) => f.event === 'presence_state', 'presence_state')

    const { apiUrl, anonKey } = stackInfo()
    const b = createClient(apiUrl, anonKey, { auth: { persistSession: false } })
    const got: { event: string; payload: unknown }[] = []
    const ch = b
      .channel(name, { config: { presence: { key: 'twee' } } })
      .on('broadcast', { event: '*' }, (m) => got.push(m as unknown as (typeof got)[number]))
      .on('presence', { event: 'sync' }, () => undefined)
    await subscribed(ch)

    a.send({
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'hallo', payload: { n: 1 } },
      ref: '2',
      join_ref: '1',
    })
    expect((await a.reply('2')).payload).toEqual({ status: 'ok', response: {} })
    await waitFor(() => got.length > 0, 5000, 'the 1.0.0 broadcast at the 2.0.0 client')
    expect(got[0]).toMatchObject({ event: 'hallo', payload: { n: 1 } })

    a.send({
      topic,
      event: 'presence',
      payload: { type: 'presence', event: 'track', payload: { naam: 'Een' } },
      ref: '3',
      join_ref: '1',
    })
    expect((await a.reply('3')).payload).toMatchObject({ status: 'ok' })
    await waitFor(() => 'een' in ch.presenceState(), 5000, 'the 1.0.0 presence')
    expect(await ch.send({ type: 'broadcast', event: 'terug', payload: { n: 2 } })).toBe('ok')
    const back = await a.wait((f) => f.event === 'broadcast', 'the 2.0.0 broadcast')
    expect(back).toEqual({
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'terug', payload: { n: 2 } },
      ref: null,
    })
    await ch.track({ naam: 'Twee' })
    const diff = await a.wait(
      (f) => f.event === 'presence_diff' && 'twee' in (f.payload.joins as object),
      'the 2.0.0 presence diff',
    )
    expect(diff.ref).toBeNull()
    expect('join_ref' in diff).toBe(false)
    await b.removeAllChannels()
  })

  it('delivers postgres_changes as object frames', async () => {
    const table = uniqueName('rt_vsn1')
    tables.push(table)
    await sql(
      `create table public.${table} (id int primary key, title text);
       grant select on public.${table} to anon;
       alter publication supabase_realtime add table public.${table};`,
    )
    const s = await socket('1.0.0')
    const topic = `realtime:${uniqueName('v1-changes')}`
    const config = {
      postgres_changes: [{ event: 'INSERT', schema: 'public', table }],
    }
    s.send({ topic, event: 'phx_join', payload: { config }, ref: '1', join_ref: '1' })
    const joined = await s.reply('1')
    expect(joined.payload).toMatchObject({ status: 'ok' })
    await s.wait((f) => f.event === 'system', 'the subscription')
    await sql(`insert into public.${table} values (1, 'Meer bankjes')`)
    const change = await s.wait((f) => f.event === 'postgres_changes', 'the change')
    expect(change.topic).toBe(topic)
    expect(change.ref).toBeNull()
    expect(change.payload).toMatchObject({
      data: { type: 'INSERT', table, schema: 'public', record: { id: 1, title: 'Meer bankjes' } },
    })
  })

  it('works with supabase-js set to vsn 1.0.0', async () => {
    const { apiUrl, anonKey } = stackInfo()
    const c = createClient(apiUrl, anonKey, {
      auth: { persistSession: false },
      realtime: { vsn: '1.0.0' },
    })
    const name = uniqueName('v1-js')
    const got: string[] = []
    const ch = c
      .channel(name, { config: { broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: '*' }, (m) => got.push(m.event))
    await subscribed(ch)
    expect(await ch.send({ type: 'broadcast', event: 'zelf', payload: {} })).toBe('ok')
    await waitFor(() => got.includes('zelf'), 5000, 'its own broadcast')
    await c.removeAllChannels()
  })
})
