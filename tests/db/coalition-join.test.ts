// "Doe mee" and "Stop met meedoen" on the coalitions page, through PostgREST with real JWTs. The
// rows and filters come from src/api/membership.ts, the module the app builds its requests with,
// and each refusal is read with the app's own databaseKey() (src/api/errors.ts). The rule itself (partners never
// outnumber residents, on every change, also concurrently and for the team) is tested in
// workflow.test.ts and coalition-roles.test.ts; this file covers the paths the page takes.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { Constants } from '@/api/database.types'
import { databaseKey, toApiError } from '@/api/errors'
import { membershipMatch, membershipRow, memberKindFor } from '@/api/membership'
import { anonClient, sql } from '../support/clients.ts'
import { createUser, createUsers, type TestUser } from '../support/users.ts'

async function coalition(members: [TestUser, 'resident' | 'partner'][] = []): Promise<string> {
  const id = randomUUID()
  await sql(`insert into public.coalitions (id, name) values ($1, $2)`, [
    id,
    `Meedoen ${id.slice(0, 8)}`,
  ])
  // One statement each, residents listed first: the balance is checked at every commit.
  for (const [u, kind] of members) {
    await sql(
      `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, $3)`,
      [id, u.id, kind],
    )
  }
  return id
}

/** What the page reads (listCoalitionMembers), for one coalition, as a visitor. */
async function publicMembers(c: string) {
  const { data, error } = await anonClient()
    .from('coalition_members')
    .select('coalition_id, profile_id, member_kind')
    .eq('coalition_id', c)
    .order('member_kind') // enum order: resident, partner
  expect(error).toBeNull()
  return data
}

const join = (u: TestUser, c: string, role: 'resident' | 'partner') =>
  u.client.from('coalition_members').insert(membershipRow(c, { id: u.id, role }))
const leave = (u: TestUser, c: string, profileId = u.id) =>
  u.client.from('coalition_members').delete().match(membershipMatch(c, profileId)).select()

describe('allowed: joining and leaving by yourself', () => {
  test('a resident joins as a resident member, everyone sees it, and the resident leaves again', async () => {
    const [r] = await createUsers(1)
    const c = await coalition()
    expect((await join(r, c, 'resident')).error).toBeNull()
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: r.id, member_kind: 'resident' },
    ])

    const left = await leave(r, c)
    expect(left.error).toBeNull()
    expect(left.data).toHaveLength(1)
    expect(await publicMembers(c)).toEqual([])
  })

  test('a partner joins as a partner member while the residents keep the majority, and may leave', async () => {
    const [r] = await createUsers(1)
    const p = await createUser({ role: 'partner' })
    const c = await coalition([[r, 'resident']])
    expect(membershipRow(c, { id: p.id, role: 'partner' }).member_kind).toBe('partner')
    expect((await join(p, c, 'partner')).error).toBeNull()
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: r.id, member_kind: 'resident' },
      { coalition_id: c, profile_id: p.id, member_kind: 'partner' },
    ])

    expect((await leave(p, c)).data).toHaveLength(1)
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: r.id, member_kind: 'resident' },
    ])
  })
})

describe('denied', () => {
  test('a partner who would outnumber the residents: coalition_partner_majority, read by the app as partnerMajority', async () => {
    const [r] = await createUsers(1)
    const [p1, p2] = await createUsers(2, { role: 'partner' })
    const c = await coalition([
      [r, 'resident'],
      [p1, 'partner'],
    ])
    const { error } = await join(p2, c, 'partner')
    expect(error).toMatchObject({ code: 'P0001', message: 'coalition_partner_majority' })
    // The app throws toApiError(error) (check() in src/api/errors.ts) and reads that.
    expect(databaseKey(toApiError(error))).toBe('coalition_partner_majority')
    expect((await publicMembers(c))?.map((m) => m.profile_id).sort()).toEqual([r.id, p1.id].sort())

    // Once another resident joins, the same request goes through.
    const [r2] = await createUsers(1)
    expect((await join(r2, c, 'resident')).error).toBeNull()
    expect((await join(p2, c, 'partner')).error).toBeNull()
  })

  test('joining as the wrong kind: a partner as a resident, a resident as a partner', async () => {
    const [r, r2] = await createUsers(2)
    const p = await createUser({ role: 'partner' })
    const c = await coalition([[r2, 'resident']])
    // The app never sends these: memberKindFor follows the role.
    expect(memberKindFor('partner')).toBe('partner')
    expect(memberKindFor('resident')).toBe('resident')
    expect(memberKindFor('moderator')).toBe('team')
    expect(memberKindFor('admin')).toBe('team')

    const asResident = await p.client
      .from('coalition_members')
      .insert({ coalition_id: c, profile_id: p.id, member_kind: 'resident' })
    expect(asResident.error).toMatchObject({
      code: 'P0001',
      message: 'coalition_member_kind_mismatch',
    })
    expect(databaseKey(toApiError(asResident.error))).toBe('coalition_member_kind_mismatch')

    const asPartner = await r.client
      .from('coalition_members')
      .insert({ coalition_id: c, profile_id: r.id, member_kind: 'partner' })
    expect(asPartner.error?.message).toBe('coalition_member_kind_mismatch')
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: r2.id, member_kind: 'resident' },
    ])
  })

  test('joining for someone else, or making someone else leave', async () => {
    const [r, other, member] = await createUsers(3)
    const c = await coalition([[member, 'resident']])
    const forOther = await r.client
      .from('coalition_members')
      .insert(membershipRow(c, { id: other.id, role: 'resident' }))
    expect(forOther.error?.code).toBe('42501')

    const removeOther = await leave(r, c, member.id)
    expect(removeOther.error).toBeNull()
    expect(removeOther.data).toEqual([])
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: member.id, member_kind: 'resident' },
    ])
  })

  test('a visitor who is not signed in can neither join nor remove anyone', async () => {
    const [r, member] = await createUsers(2)
    const c = await coalition([[member, 'resident']])
    const anon = anonClient()
    const joined = await anon
      .from('coalition_members')
      .insert(membershipRow(c, { id: r.id, role: 'resident' }))
    expect(joined.error?.code).toBe('42501')

    const removed = await anon
      .from('coalition_members')
      .delete()
      .match(membershipMatch(c, member.id))
      .select()
    expect(removed.error?.code).toBe('42501')
    expect(await publicMembers(c)).toEqual([
      { coalition_id: c, profile_id: member.id, member_kind: 'resident' },
    ])
  })
})

test('the app gives every role the member kind the database gives it', async () => {
  // memberKindFor (the row the app sends, the editor's preview) against private.member_kind_for
  // (what coalition_members_check_kind enforces): a role added to one must be added to the other.
  for (const role of Constants.public.Enums.app_role) {
    const [row] = await sql<{ kind: string }>(
      'select private.member_kind_for($1::public.app_role)::text as kind',
      [role],
    )
    expect(memberKindFor(role), role).toBe(row.kind)
  }
})
