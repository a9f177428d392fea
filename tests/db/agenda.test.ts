// The agenda ("van initiatief naar initiatief"): who may put an event in it, what it refuses, and
// "Ik kom" / "Ik kom toch niet" with an exact count and a fair waiting list under concurrency.
// Attendees and a visit's exact address stay with the people who need them.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, createUsers, SEED, type TestUser } from '../support/users.ts'

let organiser: TestUser // a resident with an initiative
let partner: TestUser
let moderator: TestUser
let resident: TestUser // no initiative
let initiativeId: string

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString()

function eventInput(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    title: 'Koffie bij de moestuin',
    description: 'We drinken koffie in de moestuin en laten zien wat er groeit.',
    starts_at: inDays(7),
    ends_at: inDays(7, 2),
    place: 'Bij het hek van de moestuin, Celebesstraat',
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    ...overrides,
  }
}

async function createEvent(client: SupabaseClient, overrides: Record<string, unknown> = {}) {
  const input = eventInput(overrides)
  const { data, error } = await client.rpc('create_event', input)
  if (error) throw new Error(error.message)
  return (data as { id: string }).id ?? input.id
}

async function counts(eventId: string) {
  const [row] = await sql<{ attending_count: number; waiting_count: number }>(
    'select attending_count, waiting_count from public.events where id = $1',
    [eventId],
  )
  const [real] = await sql<{ attending: number; waiting: number }>(
    `select count(*) filter (where status = 'attending')::int as attending,
            count(*) filter (where status = 'waiting')::int as waiting
       from public.event_signups where event_id = $1`,
    [eventId],
  )
  expect(row).toEqual({ attending_count: real.attending, waiting_count: real.waiting })
  return real
}

beforeAll(async () => {
  ;[organiser, partner, moderator, resident] = await Promise.all([
    createUser(),
    createUser({ role: 'partner' }),
    createUser({ role: 'moderator' }),
    createUser(),
  ])
  initiativeId = randomUUID()
  const { error } = await organiser.client.rpc('create_initiative', {
    id: initiativeId,
    name: 'Moestuin Limbeek',
    description: 'Buren die samen groenten kweken achter de school.',
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    meets: 'Elke zaterdag om 10 uur',
  })
  expect(error).toBeNull()
})

describe('initiatives', () => {
  it('anyone reads them; a retried create returns the same one; others cannot edit it', async () => {
    const again = await organiser.client.rpc('create_initiative', {
      id: initiativeId,
      name: 'Moestuin Limbeek',
      description: 'Buren die samen groenten kweken achter de school.',
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    expect(again.error).toBeNull()
    const seen = await anonClient().from('initiatives').select('name, meets').eq('id', initiativeId)
    expect(seen.data).toEqual([{ name: 'Moestuin Limbeek', meets: 'Elke zaterdag om 10 uur' }])

    const hijack = await resident.client
      .from('initiatives')
      .update({ name: 'Gekaapt' })
      .eq('id', initiativeId)
      .select()
    expect(hijack.data ?? []).toEqual([])
    const own = await organiser.client
      .from('initiatives')
      .update({ meets: 'Elke zaterdag om 11 uur' })
      .eq('id', initiativeId)
      .select('meets')
    expect(own.data).toEqual([{ meets: 'Elke zaterdag om 11 uur' }])
    const move = await organiser.client
      .from('initiatives')
      .update({ organiser_id: resident.id })
      .eq('id', initiativeId)
    expect(move.error?.code).toBe('42501')
  })

  it('an "Ik wil zelf iets doen" idea becomes an initiative in one step, keeping its link', async () => {
    const idea = await arrangeIdea(resident.id, { kind: 'initiative' })
    const other = await organiser.client.rpc('initiative_from_idea', { idea_id: idea })
    expect(other.error?.message).toBe('idea_not_found')
    const made = await resident.client.rpc('initiative_from_idea', { idea_id: idea })
    expect(made.error).toBeNull()
    expect((made.data as { idea_id: string }).idea_id).toBe(idea)
    const twice = await resident.client.rpc('initiative_from_idea', { idea_id: idea })
    expect((twice.data as { id: string }).id).toBe((made.data as { id: string }).id)

    const plainIdea = await arrangeIdea(resident.id, { kind: 'idea' })
    const refused = await resident.client.rpc('initiative_from_idea', { idea_id: plainIdea })
    expect(refused.error?.message).toBe('initiative_needs_initiative_idea')
  })
})

describe('who puts an event in the agenda', () => {
  it('a resident with an initiative, a partner and the team may; a resident without one and a visitor may not', async () => {
    for (const who of [organiser, partner, moderator]) {
      await expect(createEvent(who.client)).resolves.toBeTruthy()
    }
    const [newcomer] = await createUsers(1)
    const lonely = await newcomer.client.rpc('create_event', eventInput())
    expect(lonely.error?.message).toBe('event_organiser_only')
    const visitor = await anonClient().rpc('create_event', eventInput())
    expect(visitor.error).not.toBeNull()
    const direct = await organiser.client.from('events').insert(eventInput())
    expect(direct.error?.code).toBe('42501')
  })

  it('a retried create returns the same event and makes no second one', async () => {
    const input = eventInput()
    await organiser.client.rpc('create_event', input)
    const again = await organiser.client.rpc('create_event', input)
    expect(again.error).toBeNull()
    const rows = await sql('select 1 from public.events where id = $1', [input.id])
    expect(rows).toHaveLength(1)
  })

  it.each([
    ['in the past', { starts_at: inDays(-1), ends_at: inDays(-1, 1) }, 'event_in_past'],
    ['ending before it starts', { ends_at: inDays(6) }, 'events_end_after_start'],
    ['longer than three days', { ends_at: inDays(11) }, 'events_sensible_length'],
    ['with a one-letter title', { title: 'K' }, 'events_title_length'],
    ['with a language Emmer does not know', { languages: ['xx'] }, 'events_languages'],
    ['a visit without an address', { kind: 'visit', capacity: 6 }, 'event_visit_needs_address'],
    [
      'a visit for a crowd',
      { kind: 'visit', capacity: 80, address: 'Celebesstraat 12' },
      'event_visit_group_too_big',
    ],
    [
      'for someone else’s initiative',
      { initiative_id: randomUUID() },
      'event_initiative_not_yours',
    ],
  ])('refuses an event %s and stores nothing', async (_what, overrides, key) => {
    const input = eventInput(overrides)
    const { error } = await organiser.client.rpc('create_event', input)
    expect(error?.message).toContain(key)
    expect(await sql('select 1 from public.events where id = $1', [input.id])).toEqual([])
  })
})

describe('"Ik kom" and "Ik kom toch niet"', () => {
  it('gives places up to the capacity, then a waiting list; pressing twice counts once', async () => {
    const event = await createEvent(organiser.client, { capacity: 2 })
    const people = await createUsers(3)
    const answers = []
    for (const p of people)
      answers.push((await p.client.rpc('join_event', { event_id: event })).data)
    expect(answers).toEqual(['attending', 'attending', 'waiting'])
    expect((await people[0].client.rpc('join_event', { event_id: event })).data).toBe('attending')
    expect(await counts(event)).toEqual({ attending: 2, waiting: 1 })
  })

  it('a place given back goes to the first on the waiting list, who is told', async () => {
    const event = await createEvent(organiser.client, { capacity: 1 })
    const [first, second, third] = await createUsers(3)
    for (const p of [first, second, third]) await p.client.rpc('join_event', { event_id: event })
    expect((await first.client.rpc('leave_event', { event_id: event })).error).toBeNull()
    const rows = await sql<{ user_id: string; status: string }>(
      'select user_id, status from public.event_signups where event_id = $1 order by queued_at',
      [event],
    )
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'attending', 'waiting'])
    expect(rows[1].user_id).toBe(second.id)
    const told = await sql(
      `select user_id from public.notifications where event_id = $1 and kind = 'event_place_given'`,
      [event],
    )
    expect(told).toEqual([{ user_id: second.id }])
    expect(await counts(event)).toEqual({ attending: 1, waiting: 1 })
  })

  it('attendees are private: people see their own sign-up, the organiser and the team see everyone', async () => {
    const event = await createEvent(organiser.client)
    const [a, b] = await createUsers(2)
    await a.client.rpc('join_event', { event_id: event })
    await b.client.rpc('join_event', { event_id: event })
    const own = await a.client.from('event_signups').select('user_id').eq('event_id', event)
    expect(own.data).toEqual([{ user_id: a.id }])
    for (const who of [organiser, moderator]) {
      const all = await who.client.from('event_signups').select('user_id').eq('event_id', event)
      expect(all.data?.map((r) => r.user_id).sort()).toEqual([a.id, b.id].sort())
    }
    const anon = await anonClient().from('event_signups').select('user_id').eq('event_id', event)
    expect(anon.error).not.toBeNull()
    const count = await anonClient().from('events').select('attending_count').eq('id', event)
    expect(count.data).toEqual([{ attending_count: 2 }])
  })

  it("a visit's exact address goes only to people with a place, the organiser and the team", async () => {
    const event = await createEvent(organiser.client, {
      kind: 'visit',
      capacity: 1,
      place: 'Celebesstraat (hoek Sumatralaan)',
      address: 'Celebesstraat 12',
    })
    const [guest, waiting] = await createUsers(2)
    await guest.client.rpc('join_event', { event_id: event })
    await waiting.client.rpc('join_event', { event_id: event })
    const read = async (client: SupabaseClient) =>
      (await client.from('event_addresses').select('address').eq('event_id', event)).data ?? []
    expect(await read(guest.client)).toEqual([{ address: 'Celebesstraat 12' }])
    expect(await read(organiser.client)).toEqual([{ address: 'Celebesstraat 12' }])
    expect(await read(moderator.client)).toEqual([{ address: 'Celebesstraat 12' }])
    expect(await read(waiting.client)).toEqual([])
    expect(await read(resident.client)).toEqual([])
    expect((await anonClient().from('event_addresses').select('address')).error).not.toBeNull()
  })

  it('a new time tells everyone who signed up; cancelling tells them and closes sign-ups', async () => {
    const event = await createEvent(organiser.client, { capacity: 1 })
    const [a, b] = await createUsers(2)
    await a.client.rpc('join_event', { event_id: event })
    await b.client.rpc('join_event', { event_id: event })
    const stranger = await resident.client.rpc('change_event', {
      event_id: event,
      starts_at: inDays(8),
      ends_at: inDays(8, 2),
      place: 'Elders',
    })
    expect(stranger.error?.message).toBe('event_not_found')
    const moved = await organiser.client.rpc('change_event', {
      event_id: event,
      starts_at: inDays(8),
      ends_at: inDays(8, 2),
      place: 'Bij het hek van de moestuin, Celebesstraat',
    })
    expect(moved.error).toBeNull()
    const changed = await sql(
      `select user_id from public.notifications where event_id = $1 and kind = 'event_changed' order by user_id`,
      [event],
    )
    expect(changed.map((r) => r.user_id)).toEqual([a.id, b.id].sort())

    const short = await organiser.client.rpc('cancel_event', { event_id: event, reason: 'Nee' })
    expect(short.error?.message).toBe('event_cancel_reason_too_short')
    await organiser.client.rpc('cancel_event', { event_id: event, reason: 'Het gaat regenen.' })
    const cancelled = await sql(
      `select count(*)::int as n from public.notifications where event_id = $1 and kind = 'event_cancelled'`,
      [event],
    )
    expect(cancelled[0].n).toBe(2)
    const late = await resident.client.rpc('join_event', { event_id: event })
    expect(late.error?.message).toBe('event_cancelled')
  })

  it('the organiser ticks who came, only once it started and only for people with a place', async () => {
    const event = await createEvent(organiser.client)
    const [guest] = await createUsers(1)
    await guest.client.rpc('join_event', { event_id: event })
    const early = await organiser.client.rpc('mark_attendance', {
      event_id: event,
      user_id: guest.id,
      came: true,
    })
    expect(early.error?.message).toBe('event_not_started')
    await sql(
      `update public.events set starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' where id = $1`,
      [event],
    )
    const other = await resident.client.rpc('mark_attendance', {
      event_id: event,
      user_id: guest.id,
      came: true,
    })
    expect(other.error?.message).toBe('event_not_found')
    expect(
      (
        await organiser.client.rpc('mark_attendance', {
          event_id: event,
          user_id: guest.id,
          came: true,
        })
      ).error,
    ).toBeNull()
    const [row] = await sql('select attended from public.event_signups where event_id = $1', [
      event,
    ])
    expect(row.attended).toBe(true)
  })

  it('a hidden event disappears for everyone but its organiser and the team, and takes no sign-ups', async () => {
    const event = await createEvent(organiser.client)
    expect(
      (await resident.client.rpc('hide_event', { event_id: event, reason: 'Reclame' })).error,
    ).not.toBeNull()
    expect(
      (await moderator.client.rpc('hide_event', { event_id: event, reason: 'Reclame' })).error,
    ).toBeNull()
    expect((await anonClient().from('events').select('id').eq('id', event)).data).toEqual([])
    expect((await organiser.client.from('events').select('id').eq('id', event)).data).toHaveLength(
      1,
    )
    const join = await resident.client.rpc('join_event', { event_id: event })
    expect(join.error?.message).toBe('event_not_found')
  })

  it('sign-ups are limited per person, counted as attempts (joining and leaving again counts)', async () => {
    const event = await createEvent(organiser.client)
    const [busy] = await createUsers(1)
    let refused: string | undefined
    for (let i = 0; i < 31 && !refused; i++) {
      const { error } = await busy.client.rpc('join_event', { event_id: event })
      refused = error?.message
      if (!refused) await busy.client.rpc('leave_event', { event_id: event })
    }
    expect(refused).toBe('rate_limited: event_signups')
  })

  // npm run bench:agenda does the same with 300 people and prints the figures.
  it('60 people press "Ik kom" at once for 20 places: 20 attend, 40 wait, in commit order', async () => {
    const event = await createEvent(moderator.client, { capacity: 20 })
    const people = await createUsers(60)
    const results = await Promise.all(
      people.map((p) => p.client.rpc('join_event', { event_id: event })),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(results.filter((r) => r.data === 'attending')).toHaveLength(20)
    expect(await counts(event)).toEqual({ attending: 20, waiting: 40 })
    // The places went to the 20 who committed first (queued_at is taken under the event's lock).
    const order = await sql<{ status: string }>(
      'select status from public.event_signups where event_id = $1 order by queued_at',
      [event],
    )
    expect(order.slice(0, 20).every((r) => r.status === 'attending')).toBe(true)
    expect(order.slice(20).every((r) => r.status === 'waiting')).toBe(true)
  }, 120_000)
})
