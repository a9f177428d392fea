// Filters are data, never code: a postgres_changes filter takes only the operators Supabase
// documents (eq, neq, lt, lte, gt, gte, in). Anything else, and anything oversized, is refused at
// join with Supabase's error, so no subscriber can make the server run a regular expression
// of its choosing on every change (the server shares its one process with the gateway and Auth).
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { sql, stackInfo } from '../support/clients.ts'
import { realtimeClient, subscribed, uniqueName, waitFor } from './realtime-support.ts'

type Frame = [string | null, string | null, string, string, Record<string, unknown>]

/** A raw Phoenix socket with the anon key, and every frame it receives. */
async function rawSocket() {
  const { apiUrl, anonKey } = stackInfo()
  const ws = new WebSocket(
    `${apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${anonKey}&vsn=2.0.0`,
  )
  const frames: Frame[] = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  return { ws, frames }
}

const created: string[] = []
afterAll(async () => {
  if (created.length) await sql('delete from public.ideas where id = any($1::uuid[])', [created])
})

async function insertIdea(title: string) {
  const [{ id }] = await sql<{ id: string }>(
    `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id)
     select null, $1, 'Een idee om de buurt mooier te maken.',
            (select id from public.themes order by slug limit 1),
            (select id from public.neighbourhoods order by slug limit 1)
     returning id`,
    [title],
  )
  created.push(id)
  return id
}

describe('postgres_changes filters', () => {
  it('refuses a match filter at join with Supabase`s error, and keeps serving', async () => {
    const { ws, frames } = await rawSocket()
    const topic = `realtime:${uniqueName('regex')}`
    const entry = { event: '*', schema: 'public', table: 'ideas', filter: 'title=match.^(.|.)*!$' }
    ws.send(
      JSON.stringify(['1', '1', topic, 'phx_join', { config: { postgres_changes: [entry] } }]),
    )
    await waitFor(
      () => frames.some((f) => f[3] === 'system' && f[2] === topic),
      5000,
      'the system message',
    )
    const join = frames.find((f) => f[3] === 'phx_reply' && f[1] === '1')
    expect(join?.[4]).toMatchObject({ status: 'ok' })
    expect(frames.find((f) => f[3] === 'system')?.[4]).toEqual({
      extension: 'postgres_changes',
      status: 'error',
      message: 'Error parsing `filter` params: ["match", "^(.|.)*!$"]',
      channel: topic.slice('realtime:'.length),
    })

    // A visitor following new ideas; a title that makes that pattern backtrack for seconds.
    const visitor = await realtimeClient(stackInfo())
    const titles: string[] = []
    await subscribed(
      visitor
        .channel(uniqueName('ideas'))
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'ideas' }, (p) =>
          titles.push((p.new as { title: string }).title),
        ),
    )
    const t0 = performance.now()
    // A backtracking engine tries 2^28 ways to match (.|.)* against it: about 20 s of one core.
    await insertIdea('a'.repeat(28))
    const marker = uniqueName('Marker')
    await insertIdea(marker)
    await waitFor(() => titles.includes(marker), 5000, 'the next idea, promptly')
    const health = await fetch(`${stackInfo().apiUrl}/health`, {
      signal: AbortSignal.timeout(2000),
    })
    expect(health.status).toBe(200)
    expect(performance.now() - t0).toBeLessThan(5000)
    ws.close()
    await visitor.removeAllChannels()
  })

  it('refuses every operator Supabase does not document, and oversized filters', async () => {
    const { ws, frames } = await rawSocket()
    const refused = [
      'title=like.%a%',
      'title=ilike.%a%',
      'title=imatch.a+',
      'title=is.null',
      'title=isdistinct.a',
      'title=not.match.a',
      `title=eq.${'x'.repeat(2000)}`,
      `id=in.(${Array.from({ length: 500 }, (_, i) => i).join(',')})`,
    ]
    const accepted = [
      'id=eq.1',
      'id=neq.1',
      'id=lt.1',
      'id=lte.1',
      'id=gt.1',
      'id=gte.1',
      'id=in.(1,2)',
    ]
    const messages = new Map<string, Record<string, unknown>>()
    let ref = 10
    for (const filter of [...refused, ...accepted]) {
      const topic = `realtime:${uniqueName('op')}`
      const entry = { event: '*', schema: 'public', table: 'ideas', filter }
      ws.send(
        JSON.stringify([
          String(ref),
          String(ref++),
          topic,
          'phx_join',
          { config: { postgres_changes: [entry] } },
        ]),
      )
      await waitFor(() => frames.some((f) => f[3] === 'system' && f[2] === topic), 5000, filter)
      messages.set(filter, frames.find((f) => f[3] === 'system' && f[2] === topic)![4])
    }
    for (const filter of refused) {
      expect(messages.get(filter), filter).toMatchObject({ status: 'error' })
      expect(String(messages.get(filter)?.message), filter).toMatch(
        /^Error parsing `filter` params: /,
      )
    }
    for (const filter of accepted) {
      expect(messages.get(filter), filter).toMatchObject({
        status: 'ok',
        message: 'Subscribed to PostgreSQL',
      })
    }
    ws.close()
  })
})
