// A live /agenda: every new or changed event goes out by Broadcast from the database on the public
// topic `agenda:alle`, with only what everyone may read on /agenda: never the organiser, the exact
// address, who signed up or why the team hid it. Nobody but the database sends there.
import { randomUUID } from 'node:crypto'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { afterAll, describe, expect, it } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'
import { SEED, createUser, jwtFor } from '../support/users.ts'
import { realtimeClient, subscribed, waitFor } from './realtime-support.ts'

const clients: SupabaseClient[] = []
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
})

type Message = { event: string; payload: Record<string, unknown> }

async function listener(userId?: string) {
  const client = await realtimeClient(stackInfo(), userId ? await jwtFor(userId) : undefined)
  clients.push(client)
  const got: Message[] = []
  const channel: RealtimeChannel = client
    .channel('agenda:alle', { config: { private: true } })
    .on('broadcast', { event: '*' }, (m) => got.push(m as unknown as Message))
  await subscribed(channel)
  return { channel, got }
}

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString()

describe('the agenda by broadcast', () => {
  it('sends a visitor the public columns of a new event, a new time, and only the id when hidden', async () => {
    const [organiser, moderator, guest] = await Promise.all([
      createUser({ role: 'partner' }),
      createUser({ role: 'moderator' }),
      createUser(),
    ])
    const visitor = await listener()
    const resident = await listener(guest.id)
    const id = randomUUID()
    const made = await organiser.client.rpc('create_event', {
      id,
      kind: 'visit',
      title: 'Kom langs in de buurttuin',
      description: 'We laten de buurttuin zien en drinken thee met wie langskomt.',
      starts_at: inDays(4),
      ends_at: inDays(4, 2),
      place: 'Hoek Celebesstraat en Javalaan',
      address: 'Geheime Tuinstraat 7',
      capacity: 8,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    expect(made.error).toBeNull()
    const mine = (m: Message) => m.payload.id === id
    await waitFor(() => visitor.got.some(mine) && resident.got.some(mine), 5000, 'the new event')
    const first = visitor.got.find(mine)!
    expect(first.event).toBe('event')
    expect(first.payload).toMatchObject({
      title: 'Kom langs in de buurttuin',
      new: true,
      capacity: 8,
    })
    expect(Object.keys(first.payload)).not.toContain('organiser_id')

    const later = inDays(5)
    const changed = await organiser.client.rpc('change_event', {
      event_id: id,
      starts_at: later,
      ends_at: inDays(5, 2),
      place: 'Hoek Celebesstraat en Javalaan',
    })
    expect(changed.error).toBeNull()
    await waitFor(() => visitor.got.filter(mine).length >= 2, 5000, 'the new time')
    const second = visitor.got.filter(mine)[1]
    expect(new Date(second.payload.starts_at as string).toISOString()).toBe(later)
    expect(second.payload.new).toBe(false)

    expect(
      (
        await moderator.client.rpc('hide_event', {
          event_id: id,
          reason: 'Reclame voor een winkel',
        })
      ).error,
    ).toBeNull()
    await waitFor(() => visitor.got.filter(mine).length >= 3, 5000, 'gone')
    const gone = visitor.got.filter(mine)[2]
    expect(gone).toMatchObject({ event: 'gone', payload: { id } })
    expect(Object.keys(gone.payload)).toEqual(['id'])
    const all = JSON.stringify(visitor.got.filter(mine))
    expect(all).not.toMatch(/Geheime Tuinstraat|Reclame|organiser|hidden/)
    expect(all).not.toContain(organiser.id)
  })

  it('lets nobody but the database send on the agenda topic', async () => {
    const someone = await createUser()
    const visitor = await listener()
    const { channel: sender } = await listener(someone.id)
    const forged = randomUUID()
    await sender.send({ type: 'broadcast', event: 'event', payload: { id: forged, title: 'Nep' } })
    // Something real after the forgery: once it arrives, the forgery would have arrived first.
    await sql(`update public.events set title = title || ' ' where id = (
      select id from public.events where hidden_at is null and starts_at > now() order by created_at desc limit 1)`)
    await waitFor(() => visitor.got.length > 0, 5000, 'a real message')
    expect(visitor.got.map((m) => m.payload.id)).not.toContain(forged)
  })
})
