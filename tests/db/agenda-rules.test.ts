// The agenda's rules for the app (issue #16): an event's size stays within the bounds in
// area_settings, a coalition presents itself as an initiative only through the team or its own
// members, and hiding an event or an initiative (one shared helper) stays with the team.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql } from '../support/clients.ts'
import { createUser, SEED, type TestUser } from '../support/users.ts'

let organiser: TestUser
let moderator: TestUser
let admin: TestUser
let resident: TestUser
let member: TestUser
let coalitionId: string

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString()

function eventInput(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    title: 'Buurtsoep in de tuin',
    description: 'We koken samen soep en eten die op in de tuin van het buurthuis.',
    starts_at: inDays(9),
    ends_at: inDays(9, 2),
    place: 'Bij de ingang van het buurthuis',
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    ...overrides,
  }
}

async function create(client: SupabaseClient, overrides: Record<string, unknown> = {}) {
  const { error } = await client.rpc('create_event', eventInput(overrides))
  return error?.message ?? 'ok'
}

beforeAll(async () => {
  ;[organiser, moderator, admin, resident, member] = await Promise.all([
    createUser(),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
    createUser(),
    createUser(),
  ])
  const { error } = await organiser.client.rpc('create_initiative', {
    id: randomUUID(),
    name: 'Soepgroep Limbeek',
    description: 'Buren die elke maand samen soep koken voor de straat.',
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
  })
  expect(error).toBeNull()
  coalitionId = randomUUID()
  await sql(
    `insert into public.coalitions (id, name, description) values ($1, 'Groen Limbeek', $2)`,
    [coalitionId, 'Bewoners en partners die samen de buurt groener maken.'],
  )
  await sql(
    `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, 'resident')`,
    [coalitionId, member.id],
  )
})

afterAll(async () => {
  await sql(`update public.area_settings set event_capacity_max = 1000, visit_group_max = 15`)
})

describe('the size of an event comes from area_settings', () => {
  it('app_config() names the bounds, and Postgres refuses one place more', async () => {
    const { data } = await anonClient().rpc('app_config')
    const rules = (data as { rules: { event_capacity_max: number; visit_group_max: number } }).rules
    const [s] = await sql<{ event_capacity_max: number; visit_group_max: number }>(
      'select event_capacity_max, visit_group_max from public.area_settings',
    )
    expect(rules).toMatchObject(s)
    expect(await create(organiser.client, { capacity: rules.event_capacity_max + 1 })).toBe(
      'event_capacity_too_big',
    )
    expect(await create(organiser.client, { capacity: 0 })).toMatch(/events_capacity_positive/)
    expect(await create(organiser.client, { capacity: rules.event_capacity_max })).toBe('ok')
    const visit = { kind: 'visit', address: 'Celebesstraat 12' }
    expect(await create(organiser.client, { ...visit, capacity: rules.visit_group_max + 1 })).toBe(
      'event_visit_group_too_big',
    )
    // A visit is always a small group: no capacity is no bound, so it is refused too.
    expect(await create(organiser.client, { ...visit, capacity: null })).toBe(
      'event_visit_group_too_big',
    )
    expect(await create(organiser.client, { ...visit, capacity: rules.visit_group_max })).toBe('ok')
  })

  it('the team widens the bounds on /beheer, and the database follows them', async () => {
    const visit = { kind: 'visit', address: 'Celebesstraat 14' }
    // A resident cannot change the settings: the row stays as it was.
    await resident.client.from('area_settings').update({ visit_group_max: 40 }).eq('id', true)
    const [before] = await sql<{ visit_group_max: number }>(
      'select visit_group_max from public.area_settings',
    )
    expect(before.visit_group_max).toBe(15)
    // Nonsense bounds are refused with their own key.
    const bad = await admin.client
      .from('area_settings')
      .update({ visit_group_max: 50, event_capacity_max: 20 })
      .eq('id', true)
    expect(bad.error?.message).toBe('settings_event_bounds_invalid')
    // Only ever wider here: other test files share this stack and may make events at the same time.
    const wider = await admin.client
      .from('area_settings')
      .update({ visit_group_max: 20, event_capacity_max: 2000 })
      .eq('id', true)
    expect(wider.error).toBeNull()
    expect(await create(organiser.client, { ...visit, capacity: 20 })).toBe('ok')
    expect(await create(organiser.client, { ...visit, capacity: 21 })).toBe(
      'event_visit_group_too_big',
    )
    expect(await create(organiser.client, { capacity: 1500 })).toBe('ok')
    expect(await create(organiser.client, { capacity: 2001 })).toBe('event_capacity_too_big')
    const { data } = await anonClient().rpc('app_config')
    expect((data as { rules: Record<string, number> }).rules).toMatchObject({
      visit_group_max: 20,
      event_capacity_max: 2000,
    })
  })
})

describe('a coalition presents itself as an initiative', () => {
  const args = () => ({
    coalition_id: coalitionId,
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    meets: 'Elke eerste dinsdag',
  })

  it('a visitor or a resident outside the coalition is refused, and nothing is made', async () => {
    expect((await anonClient().rpc('present_coalition_as_initiative', args())).error?.code).toBe(
      '42501',
    )
    const refused = await resident.client.rpc('present_coalition_as_initiative', args())
    expect(refused.error?.message).toBe('coalition_not_yours')
    const missing = await member.client.rpc('present_coalition_as_initiative', {
      ...args(),
      coalition_id: randomUUID(),
    })
    expect(missing.error?.message).toBe('coalition_not_found')
    const rows = await sql('select 1 from public.initiatives where coalition_id = $1', [
      coalitionId,
    ])
    expect(rows).toHaveLength(0)
  })

  it('a member makes it once; the team gets the same one back', async () => {
    const made = await member.client.rpc('present_coalition_as_initiative', args())
    expect(made.error).toBeNull()
    const initiative = made.data as { id: string; name: string; organiser_id: string }
    expect(initiative).toMatchObject({ name: 'Groen Limbeek', organiser_id: member.id })
    const again = await moderator.client.rpc('present_coalition_as_initiative', args())
    expect(again.error).toBeNull()
    expect((again.data as { id: string }).id).toBe(initiative.id)
    // Everyone sees it, with no address of anyone.
    const seen = await anonClient()
      .from('initiatives')
      .select('name, coalition_id')
      .eq('id', initiative.id)
      .single()
    expect(seen.data).toEqual({ name: 'Groen Limbeek', coalition_id: coalitionId })
  })
})

describe('hiding an event or an initiative (one helper)', () => {
  it('only the team hides, with a reason; the log says what was hidden', async () => {
    const eventId = randomUUID()
    expect(
      (await organiser.client.rpc('create_event', eventInput({ id: eventId }))).error,
    ).toBeNull()
    const [initiative] = await sql<{ id: string }>(
      'select id from public.initiatives where organiser_id = $1',
      [organiser.id],
    )
    for (const [fn, arg, id] of [
      ['hide_event', 'event_id', eventId],
      ['hide_initiative', 'initiative_id', initiative.id],
    ] as const) {
      const byResident = await resident.client.rpc(fn, { [arg]: id, reason: 'Reclame' })
      expect(byResident.error?.message, fn).toBe('not_allowed')
      const byOrganiser = await organiser.client.rpc(fn, { [arg]: id, reason: 'Reclame' })
      expect(byOrganiser.error?.message, fn).toBe('not_allowed')
      const short = await moderator.client.rpc(fn, { [arg]: id, reason: 'x' })
      expect(short.error?.message, fn).toBe('hide_reason_too_short')
      const missing = await moderator.client.rpc(fn, { [arg]: randomUUID(), reason: 'Reclame' })
      expect(missing.error?.message, fn).toBe(
        fn === 'hide_event' ? 'event_not_found' : 'initiative_not_found',
      )
      const table = fn === 'hide_event' ? 'events' : 'initiatives'
      const [still] = await sql(`select hidden_at from public.${table} where id = $1`, [id])
      expect(still.hidden_at, fn).toBeNull()
      const hidden = await moderator.client.rpc(fn, { [arg]: id, reason: '  Reclame  ' })
      expect(hidden.error, fn).toBeNull()
      const [row] = await sql(
        `select hidden_reason, hidden_by from public.${table} where id = $1`,
        [id],
      )
      expect(row, fn).toEqual({ hidden_reason: 'Reclame', hidden_by: moderator.id })
      const log = await sql(
        `select action, target_table, reason from public.moderation_log where target_id = $1`,
        [id],
      )
      expect(log, fn).toEqual([{ action: 'hide', target_table: table, reason: 'Reclame' }])
    }
  })
})
