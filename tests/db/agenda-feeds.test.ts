// The agenda outside its own pages (issue #16): the iCal feed per buurt that calendar apps
// subscribe to, events in the partners' "Mijn buurten" feed, and the Alliantieraad report's count
// of events held and people who came. Each one also tries what it must refuse: a hidden event, a
// visit's private address, another buurt's events, someone who may not see the report.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { createUser, createUsers, SEED, type TestUser } from '../support/users.ts'
import { parseIcal, prop, vevents } from '../../src/lib/icalParse.ts'

const HOME = SEED.neighbourhoods.eckartdal
const ELSEWHERE = SEED.neighbourhoods.woenselWest

// A partner (may put events in the agenda); a fresh one per block, as ten a day is the limit.
let organiser: TestUser
let moderator: TestUser
let follower: TestUser // a partner who follows HOME
let homeSlug: string

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString()

async function createEvent(
  client: SupabaseClient,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const input = {
    id: randomUUID(),
    title: `Koffie op het plein ${randomUUID().slice(0, 6)}`,
    description: 'We drinken koffie, thee en praten over de buurt; iedereen is welkom.',
    starts_at: inDays(5),
    ends_at: inDays(5, 2),
    place: 'Bij de bank op het plein, Kastanjelaan',
    neighbourhood_id: HOME,
    ...overrides,
  }
  const { error } = await client.rpc('create_event', input)
  if (error) throw new Error(error.message)
  return input.id
}

async function fetchFeed(query: string) {
  return fetch(`${stackInfo().apiUrl}/functions/v1/agenda-ical?${query}`)
}

beforeAll(async () => {
  ;[organiser, moderator, follower] = await Promise.all([
    createUser({ role: 'partner' }),
    createUser({ role: 'moderator' }),
    createUser({ role: 'partner' }),
  ])
  ;[{ slug: homeSlug }] = await sql<{ slug: string }>(
    'select slug from public.neighbourhoods where id = $1',
    [HOME],
  )
})

describe('the iCal feed per buurt (Edge Function agenda-ical)', () => {
  let shown: string
  let visit: string
  let hidden: string
  let cancelled: string
  let other: string
  const secretAddress = `Geheime Straat ${Math.floor(Math.random() * 900) + 100}`

  beforeAll(async () => {
    shown = await createEvent(organiser.client, {
      title: 'Soep, brood; en een praatje',
      description: 'Samen eten.\nNeem een kom mee, als je wilt.',
    })
    visit = await createEvent(organiser.client, {
      kind: 'visit',
      capacity: 6,
      place: 'Hoek Kastanjelaan en Berkenlaan',
      address: secretAddress,
    })
    hidden = await createEvent(organiser.client, { title: 'Verborgen bijeenkomst' })
    const hid = await moderator.client.rpc('hide_event', { event_id: hidden, reason: 'Reclame' })
    expect(hid.error).toBeNull()
    cancelled = await createEvent(organiser.client)
    const cancel = await organiser.client.rpc('cancel_event', {
      event_id: cancelled,
      reason: 'De zaal is dicht',
    })
    expect(cancel.error).toBeNull()
    other = await createEvent(organiser.client, { neighbourhood_id: ELSEWHERE })
    // Someone with a place at the visit: the address is theirs to see, never the feed's.
    const [guest] = await createUsers(1)
    expect((await guest.client.rpc('join_event', { event_id: visit })).data).toBe('attending')
  })

  it('is a public text/calendar that parses back, with the buurt’s visible events', async () => {
    // No apikey, no Authorization: as a calendar app asks.
    const res = await fetchFeed(`buurt=${homeSlug}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const body = await res.text()
    const cal = parseIcal(body)
    expect(cal.type).toBe('VCALENDAR')
    expect(cal.children.some((c) => c.type === 'VTIMEZONE')).toBe(true)
    const byUid = new Map(vevents(cal).map((e) => [prop(e, 'UID'), e]))

    const soup = byUid.get(`event-${shown}@emmer`)!
    expect(prop(soup, 'SUMMARY')).toBe('Soep, brood; en een praatje')
    expect(prop(soup, 'DESCRIPTION')).toContain('Samen eten.\nNeem een kom mee, als je wilt.')
    expect(prop(soup, 'LOCATION')).toBe('Bij de bank op het plein, Kastanjelaan')
    expect(prop(soup, 'URL')).toMatch(new RegExp(`/agenda/${shown}$`))
    expect(prop(soup, 'STATUS')).toBe('CONFIRMED')
    const [row] = await sql<{ starts_at: Date }>(
      'select starts_at from public.events where id = $1',
      [shown],
    )
    const start = soup.props.find((p) => p.name === 'DTSTART')!
    expect(start.params.TZID).toBe('Europe/Amsterdam')
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Amsterdam',
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(row.starts_at)
      .replace(/[-:]/g, '')
      .replace(' ', 'T')
    expect(start.value).toBe(local)

    expect(prop(byUid.get(`event-${cancelled}@emmer`)!, 'STATUS')).toBe('CANCELLED')
    expect(prop(byUid.get(`event-${visit}@emmer`)!, 'LOCATION')).toBe(
      'Hoek Kastanjelaan en Berkenlaan',
    )
  })

  it('never holds a hidden event, a private address or another buurt’s events', async () => {
    const body = await (await fetchFeed(`buurt=${homeSlug}`)).text()
    const uids = vevents(parseIcal(body)).map((e) => prop(e, 'UID'))
    expect(uids).toContain(`event-${visit}@emmer`)
    expect(uids).not.toContain(`event-${hidden}@emmer`)
    expect(body).not.toContain('Verborgen bijeenkomst')
    expect(uids).not.toContain(`event-${other}@emmer`)
    expect(body).not.toContain(secretAddress)
    // Every event in it is in this buurt, per the database.
    const ids = uids.map((u) => u!.replace(/^event-|@emmer$/g, ''))
    const rows = await sql<{ neighbourhood_id: string; hidden_at: Date | null }>(
      'select neighbourhood_id, hidden_at from public.events where id = any($1::uuid[])',
      [ids],
    )
    expect(rows).toHaveLength(ids.length)
    expect(rows.every((r) => r.neighbourhood_id === HOME && r.hidden_at === null)).toBe(true)

    // The other buurt's own feed has it.
    const [{ slug }] = await sql<{ slug: string }>(
      'select slug from public.neighbourhoods where id = $1',
      [ELSEWHERE],
    )
    const elsewhere = await (await fetchFeed(`buurt=${slug}`)).text()
    expect(elsewhere).toContain(`event-${other}@emmer`)
    expect(elsewhere).not.toContain(`event-${shown}@emmer`)
  })

  it('a visit’s address is not something a visitor can read through the API either', async () => {
    const { data, error } = await anonClient().from('event_addresses').select('address')
    expect(data ?? []).toEqual([])
    expect(error?.code).toBe('42501')
  })

  it('names the buurt in the chosen language and says "gaat niet door" in the title', async () => {
    const [{ name }] = await sql<{ name: string }>(
      'select name from public.neighbourhoods where id = $1',
      [HOME],
    )
    const nl = parseIcal(await (await fetchFeed(`buurt=${homeSlug}`)).text())
    expect(prop(nl, 'X-WR-CALNAME')).toContain(name)
    const gone = vevents(nl).find((e) => prop(e, 'UID') === `event-${cancelled}@emmer`)!
    expect(prop(gone, 'SUMMARY')).toMatch(/^Gaat niet door: /)
    const en = parseIcal(await (await fetchFeed(`buurt=${homeSlug}&lang=en`)).text())
    const goneEn = vevents(en).find((e) => prop(e, 'UID') === `event-${cancelled}@emmer`)!
    expect(prop(goneEn, 'SUMMARY')).toMatch(/^Cancelled: /)
  })

  it('refuses a missing or malformed buurt and says when it does not exist', async () => {
    expect((await fetchFeed('')).status).toBe(400)
    expect((await fetchFeed('buurt=..%2Fetc')).status).toBe(400)
    expect((await fetchFeed("buurt=x'%20or%201=1")).status).toBe(400)
    const missing = await fetchFeed('buurt=no-such-buurt')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/)
    const post = await fetch(`${stackInfo().apiUrl}/functions/v1/agenda-ical?buurt=${homeSlug}`, {
      method: 'POST',
    })
    expect(post.status).toBe(405)
  })

  it('a change of time gives a higher SEQUENCE, so calendar apps take the new time', async () => {
    const before = vevents(parseIcal(await (await fetchFeed(`buurt=${homeSlug}`)).text())).find(
      (e) => prop(e, 'UID') === `event-${shown}@emmer`,
    )!
    expect(prop(before, 'SEQUENCE')).toBe('0')
    const changed = await organiser.client.rpc('change_event', {
      event_id: shown,
      starts_at: inDays(6),
      ends_at: inDays(6, 2),
      place: 'Bij de bank op het plein, Kastanjelaan',
    })
    expect(changed.error).toBeNull()
    const after = vevents(parseIcal(await (await fetchFeed(`buurt=${homeSlug}`)).text())).find(
      (e) => prop(e, 'UID') === `event-${shown}@emmer`,
    )!
    expect(Number(prop(after, 'SEQUENCE'))).toBeGreaterThan(0)
  })
})

describe('events in the partners’ feed (neighbourhood_feed)', () => {
  beforeAll(async () => {
    organiser = await createUser({ role: 'partner' })
  })

  it('shows new, changed and cancelled events in followed buurten, and nothing else', async () => {
    const follow = await follower.client.from('follows').insert({ neighbourhood_id: HOME })
    expect(follow.error).toBeNull()
    const address = `Privéweg ${randomUUID().slice(0, 6)}`
    const fresh = await createEvent(organiser.client)
    const moved = await createEvent(organiser.client)
    const dropped = await createEvent(organiser.client)
    const hidden = await createEvent(organiser.client, { title: 'Niet voor de feed' })
    const elsewhere = await createEvent(organiser.client, { neighbourhood_id: ELSEWHERE })
    const visit = await createEvent(organiser.client, { kind: 'visit', capacity: 4, address })

    // A sign-up changes the row's counts, not its time or place: still "new".
    const [guest] = await createUsers(1)
    await guest.client.rpc('join_event', { event_id: fresh })
    expect(
      (
        await organiser.client.rpc('change_event', {
          event_id: moved,
          starts_at: inDays(8),
          ends_at: inDays(8, 1),
          place: 'Nu in het buurthuis',
        })
      ).error,
    ).toBeNull()
    expect(
      (await organiser.client.rpc('cancel_event', { event_id: dropped, reason: 'Te weinig tijd' }))
        .error,
    ).toBeNull()
    expect(
      (await moderator.client.rpc('hide_event', { event_id: hidden, reason: 'Dubbel' })).error,
    ).toBeNull()

    const { data, error } = await follower.client.rpc('neighbourhood_feed', { max_items: 500 })
    expect(error).toBeNull()
    const rows = data as {
      kind: string
      id: string
      idea_id: string | null
      neighbourhood_id: string
      at: string
      starts_at: string | null
      unread: boolean
    }[]
    const kindOf = (id: string) => rows.find((r) => r.id === id)?.kind
    expect(kindOf(fresh)).toBe('event')
    expect(kindOf(moved)).toBe('event_changed')
    expect(kindOf(dropped)).toBe('event_cancelled')
    expect(kindOf(visit)).toBe('event')
    expect(kindOf(hidden)).toBeUndefined()
    expect(kindOf(elsewhere)).toBeUndefined()
    expect(JSON.stringify(rows)).not.toContain(address)
    expect(rows.every((r) => r.neighbourhood_id === HOME)).toBe(true)

    const movedRow = rows.find((r) => r.id === moved)!
    const [db] = await sql<{ changed_at: Date; starts_at: Date }>(
      'select changed_at, starts_at from public.events where id = $1',
      [moved],
    )
    expect(new Date(movedRow.at).getTime()).toBe(db.changed_at.getTime())
    expect(new Date(movedRow.starts_at!).getTime()).toBe(db.starts_at.getTime())
    expect(movedRow.idea_id).toBeNull()
    expect(movedRow.unread).toBe(true)
    // The change comes first: the feed is newest first.
    expect(rows.findIndex((r) => r.id === moved)).toBeLessThan(
      rows.findIndex((r) => r.id === fresh),
    )

    // The organiser's own events are not "unread" for them.
    expect(
      (await organiser.client.from('follows').insert({ neighbourhood_id: HOME })).error,
    ).toBeNull()
    await sql("update public.follows set seen_at = now() - interval '1 day' where user_id = $1", [
      organiser.id,
    ])
    const own = (await organiser.client.rpc('neighbourhood_feed', { max_items: 500 })).data as {
      id: string
      unread: boolean
    }[]
    expect(own.find((r) => r.id === fresh)?.unread).toBe(false)
  })

  it('only the database sets changed_at: a direct write is refused', async () => {
    const id = await createEvent(organiser.client)
    const direct = await organiser.client
      .from('events')
      .update({ changed_at: new Date().toISOString() })
      .eq('id', id)
    expect(direct.error?.code).toBe('42501')
    // A sign-up (counts only) leaves it alone.
    const [guest] = await createUsers(1)
    await guest.client.rpc('join_event', { event_id: id })
    const [row] = await sql('select changed_at from public.events where id = $1', [id])
    expect(row.changed_at).toBeNull()
  })

  it('a visitor cannot read the feed', async () => {
    const { error } = await anonClient().rpc('neighbourhood_feed', { max_items: 10 })
    expect(error).not.toBeNull()
  })
})

describe('events in the Alliantieraad report', () => {
  beforeAll(async () => {
    organiser = await createUser({ role: 'partner' })
  })

  // A day of its own, far back, so other test files' events do not count.
  const DAY = '2024-02-29'

  async function heldOn(id: string, hour: number) {
    await sql(
      `update public.events set starts_at = $2::timestamptz, ends_at = $2::timestamptz + interval '2 hours'
        where id = $1`,
      [id, `${DAY}T${String(hour).padStart(2, '0')}:00:00+01:00`],
    )
  }

  it('counts events held, visits and people: ticked where ticked, sign-ups otherwise', async () => {
    const guests = await createUsers(5)
    const ticked = await createEvent(organiser.client)
    const untickedVisit = await createEvent(organiser.client, {
      kind: 'visit',
      capacity: 2,
      address: 'Lindelaan 4',
      neighbourhood_id: ELSEWHERE,
    })
    const cancelled = await createEvent(organiser.client)
    const hidden = await createEvent(organiser.client)
    for (const g of guests.slice(0, 3)) await g.client.rpc('join_event', { event_id: ticked })
    // Two places at the visit; the third waits and does not count.
    for (const g of guests.slice(0, 3))
      await g.client.rpc('join_event', { event_id: untickedVisit })
    for (const g of guests) await g.client.rpc('join_event', { event_id: cancelled })
    for (const g of guests) await g.client.rpc('join_event', { event_id: hidden })
    await organiser.client.rpc('cancel_event', { event_id: cancelled, reason: 'Het regent hard' })
    await moderator.client.rpc('hide_event', { event_id: hidden, reason: 'Nep' })
    for (const [i, id] of [ticked, untickedVisit, cancelled, hidden].entries())
      await heldOn(id, 10 + i)
    // The organiser ticks: two came, one did not.
    for (const [i, g] of guests.slice(0, 3).entries()) {
      const mark = await organiser.client.rpc('mark_attendance', {
        event_id: ticked,
        user_id: g.id,
        came: i < 2,
      })
      expect(mark.error).toBeNull()
    }

    const { data, error } = await moderator.client.rpc('alliantieraad_report', {
      period_start: DAY,
      period_end: DAY,
    })
    expect(error).toBeNull()
    const events = (data as { events: Record<string, unknown> }).events
    expect(events).toMatchObject({
      held: 2,
      visits: 1,
      people: 4, // 2 ticked as there + 2 with a place at the unticked visit
      counted_by_attendance: 1,
      counted_by_signups: 1,
    })
    const names = await sql<{ id: string; name: string }>(
      'select id, name from public.neighbourhoods where id = any($1::uuid[])',
      [[HOME, ELSEWHERE]],
    )
    const nameOf = (id: string) => names.find((n) => n.id === id)!.name
    const per = events.per_neighbourhood as Record<string, unknown>[]
    expect(per).toHaveLength(2)
    expect(per.find((b) => b.neighbourhood === nameOf(HOME))).toMatchObject({
      held: 1,
      visits: 0,
      people: 2,
      counted_by_attendance: 1,
      counted_by_signups: 0,
    })
    expect(per.find((b) => b.neighbourhood === nameOf(ELSEWHERE))).toMatchObject({
      held: 1,
      visits: 1,
      people: 2,
      counted_by_attendance: 0,
      counted_by_signups: 1,
    })
  })

  it('an event still to come is not "held"; a period without events says zero', async () => {
    const coming = await createEvent(organiser.client)
    await sql(
      `update public.events set starts_at = '2098-03-03T10:00:00+01', ends_at = '2098-03-03T12:00:00+01'
        where id = $1`,
      [coming],
    )
    for (const period of [
      { period_start: '2098-03-03', period_end: '2098-03-03' },
      { period_start: '2001-01-01', period_end: '2001-01-31' },
    ]) {
      const { data, error } = await moderator.client.rpc('alliantieraad_report', period)
      expect(error).toBeNull()
      expect((data as { events: unknown }).events).toEqual({
        held: 0,
        visits: 0,
        people: 0,
        counted_by_attendance: 0,
        counted_by_signups: 0,
        per_neighbourhood: [],
      })
    }
  })

  it('a partner or resident cannot read the report', async () => {
    for (const who of [organiser, follower]) {
      const { data, error } = await who.client.rpc('alliantieraad_report', {
        period_start: '2024-01-01',
        period_end: '2024-12-31',
      })
      expect(data).toBeNull()
      expect(error).not.toBeNull()
    }
  })
})
