// The live lists hear about ideas by Broadcast from the database, on the private topic
// `buurt:<id>` (and `buurt:alle`): what goes out is only the card of an idea everyone may see,
// or its id when it stops being visible; RLS on realtime.messages lets everyone listen and nobody
// send. Through the real supabase-js client, as a visitor and as residents.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { afterAll, describe, expect, it } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'
import { SEED, arrangeIdea, createUser, jwtFor } from '../support/users.ts'
import { realtimeClient, subscribed, waitFor } from './realtime-support.ts'

const clients: SupabaseClient[] = []
const ideas: string[] = []
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  if (ideas.length) await sql('delete from public.ideas where id = any($1::uuid[])', [ideas])
})

type Message = { event: string; payload: Record<string, unknown> }

async function listener(topic: string, userId?: string) {
  const client = await realtimeClient(stackInfo(), userId ? await jwtFor(userId) : undefined)
  clients.push(client)
  const got: Message[] = []
  const channel: RealtimeChannel = client
    .channel(topic, { config: { private: true } })
    .on('broadcast', { event: '*' }, (m) => got.push(m as unknown as Message))
  await subscribed(channel)
  return { channel, got }
}

const CARD_KEYS = [
  'author_name',
  'author_organisation_id',
  'body',
  'channel',
  'comment_count',
  'created_at',
  'id',
  'kind',
  'neighbourhood_id',
  'neighbourhood_name',
  'new',
  'status',
  'theme_id',
  'theme_slug',
  'title',
  'vote_count',
]

// Two buurten no other test writes ideas into: the integration files share one stack and run side
// by side, and an idea of another file in the same buurt would be a card here too.
const nb = '10000000-0000-4000-8000-000000000003' // Hemelrijken
const elsewhere = '10000000-0000-4000-8000-000000000004' // Gildebuurt

async function idea(title: string, overrides: Record<string, unknown> = {}) {
  const id = await arrangeIdea(SEED.users.bewoner, {
    title,
    neighbourhood_id: nb,
    ...overrides,
  })
  ideas.push(id)
  return id
}

describe('idea cards by broadcast per buurt', () => {
  it('sends a visitor and a resident only the public card of visible ideas of their buurt', async () => {
    const resident = await createUser()
    const visitor = await listener(`buurt:${nb}`)
    const neighbour = await listener(`buurt:${nb}`, resident.id)
    const all = await listener('buurt:alle')
    const other = await listener(`buurt:${elsewhere}`)

    const hidden = await idea('Verborgen idee', {
      hidden_at: new Date(),
      hidden_reason: 'scheldwoorden',
    })
    const visible = await idea('Meer bankjes bij de vijver')
    await waitFor(() => visitor.got.length > 0, 5000, 'the card')
    // buurt:alle carries every buurt's cards, other test files' too: only this test's ideas count.
    const allOfMine = () => all.got.filter((m) => ideas.includes(String(m.payload.id)))
    await waitFor(() => neighbour.got.length > 0 && allOfMine().length > 0, 5000, 'the other cards')
    for (const got of [visitor.got, neighbour.got, allOfMine()]) {
      expect(got.map((m) => m.event)).toEqual(['card'])
      expect(Object.keys(got[0].payload).sort()).toEqual(CARD_KEYS)
      expect(got[0].payload).toMatchObject({
        id: visible,
        title: 'Meer bankjes bij de vijver',
        neighbourhood_id: nb,
        new: true,
        author_name: 'Sanne',
      })
    }

    // A vote count changes: the card again. Hiding it: only its id, never the reason.
    await sql('update public.ideas set vote_count = vote_count + 1 where id = $1', [visible])
    await sql(
      `update public.ideas set hidden_at = now(), hidden_reason = 'persoonsgegevens' where id = $1`,
      [visible],
    )
    // Changes to the hidden idea send nothing; unhiding it brings the card back, as new.
    await sql(`update public.ideas set title = 'Nog steeds verborgen' where id = $1`, [hidden])
    await sql(`update public.ideas set hidden_at = null, hidden_reason = null where id = $1`, [
      hidden,
    ])
    await waitFor(() => visitor.got.length >= 4, 5000, 'the later messages')
    expect(visitor.got.map((m) => [m.event, m.payload.id])).toEqual([
      ['card', visible],
      ['card', visible],
      ['gone', visible],
      ['card', hidden],
    ])
    expect(visitor.got[1].payload.new).toBe(false)
    expect(Object.keys(visitor.got[2].payload)).toEqual(['id'])
    expect(visitor.got[3].payload).toMatchObject({ title: 'Nog steeds verborgen', new: true })
    expect(JSON.stringify(visitor.got)).not.toMatch(/scheldwoorden|persoonsgegevens|hidden/)
    expect(other.got).toEqual([])
  })

  it('lets nobody but the database send on a buurt topic, nor use presence there', async () => {
    const resident = await createUser()
    const visitor = await listener(`buurt:${nb}`)
    const { channel: sender } = await listener(`buurt:${nb}`, resident.id)
    void sender.send({ type: 'broadcast', event: 'card', payload: { id: 'vals', title: 'Nep' } })
    expect(await sender.track({ here: true })).toBe('error')
    const status = (token: string, body: Record<string, unknown>) =>
      fetch(`${stackInfo().apiUrl}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: stackInfo().anonKey,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ messages: [body] }),
      }).then((r) => r.status)
    const forged = { topic: `buurt:${nb}`, event: 'card', payload: { id: 'vals' }, private: true }
    expect(await status(stackInfo().anonKey, forged)).toBe(202)
    expect(await status(await jwtFor(resident.id), forged)).toBe(202)
    const single = await fetch(
      `${stackInfo().apiUrl}/realtime/v1/api/broadcast/${encodeURIComponent(`buurt:${nb}`)}/events/card?private=true`,
      {
        method: 'POST',
        headers: { apikey: stackInfo().anonKey, 'content-type': 'application/json' },
        body: '{}',
      },
    )
    expect(single.status).toBe(403)
    // The database's own message comes after all of these, and is the only one.
    const marker = await idea('Een marker voor de test')
    await waitFor(() => visitor.got.some((m) => m.payload.id === marker), 5000, 'the marker')
    expect(visitor.got.map((m) => m.payload.id)).toEqual([marker])
  })
})
