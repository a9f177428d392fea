// Coalition memberships follow the person's role: a partner who becomes a resident (set_role, or
// their organisation is deleted) is a resident member from then on, a moderator or admin a team
// member; a resident who becomes a partner (approve_partner_request) becomes a partner member only
// if no coalition tips into a partner majority. And people may always leave: a coalition left with too few residents after an
// account deletion shows up in coalitions_needing_residents for the team.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sql } from '../support/clients.ts'
import { createUser, createUsers, type TestUser } from '../support/users.ts'

async function coalition(members: [TestUser, 'resident' | 'partner'][]): Promise<string> {
  const id = randomUUID()
  await sql(`insert into public.coalitions (id, name) values ($1, $2)`, [
    id,
    `Coalitie ${id.slice(0, 8)}`,
  ])
  if (members.length) {
    await sql(
      `insert into public.coalition_members (coalition_id, profile_id, member_kind)
       select $1, m.id, m.kind::public.member_kind from jsonb_to_recordset($2::jsonb) m(id uuid, kind text)`,
      [id, JSON.stringify(members.map(([u, kind]) => ({ id: u.id, kind })))],
    )
  }
  return id
}
const kindOf = async (c: string, u: TestUser) =>
  (
    await sql<{ member_kind: string }>(
      'select member_kind from public.coalition_members where coalition_id = $1 and profile_id = $2',
      [c, u.id],
    )
  )[0]?.member_kind
const roleOf = async (u: TestUser) =>
  (await sql<{ role: string }>('select role from public.profiles where id = $1', [u.id]))[0].role

describe('partner -> resident: partner memberships become resident memberships', () => {
  test('set_role by an admin converts the membership (denied for a moderator)', async () => {
    const [admin, mod, r, p] = await Promise.all([
      createUser({ role: 'admin' }),
      createUser({ role: 'moderator' }),
      createUser(),
      createUser({ role: 'partner' }),
    ])
    const c = await coalition([
      [r, 'resident'],
      [p, 'partner'],
    ])
    expect(
      (await mod.client.rpc('set_role', { profile_id: p.id, role: 'resident' })).error?.message,
    ).toBe('not_allowed')
    expect(await kindOf(c, p)).toBe('partner')
    const { error } = await admin.client.rpc('set_role', { profile_id: p.id, role: 'resident' })
    expect(error).toBeNull()
    expect(await roleOf(p)).toBe('resident')
    expect(await kindOf(c, p)).toBe('resident')
  })

  test('partner -> moderator makes a team member, counted on neither side', async () => {
    const [admin, r, p] = await Promise.all([
      createUser({ role: 'admin' }),
      createUser(),
      createUser({ role: 'partner' }),
    ])
    const c = await coalition([
      [r, 'resident'],
      [p, 'partner'],
    ])
    expect(
      (await admin.client.rpc('set_role', { profile_id: p.id, role: 'moderator' })).error,
    ).toBeNull()
    expect(await kindOf(c, p)).toBe('team')
  })

  test('goes through even in a coalition that already has a partner majority: it only gets better', async () => {
    const [admin, ...people] = await Promise.all([
      createUser({ role: 'admin' }),
      ...Array.from({ length: 3 }, () => createUser()),
    ])
    const partners = await createUsers(3, { role: 'partner' })
    const c = await coalition([
      ...people.map((u) => [u, 'resident'] as [TestUser, 'resident']),
      ...partners.map((u) => [u, 'partner'] as [TestUser, 'partner']),
    ])
    // All three residents leave Emmer: 3 partners, 0 residents.
    for (const u of people) expect((await u.client.rpc('delete_my_account')).error).toBeNull()
    expect(
      (await admin.client.rpc('set_role', { profile_id: partners[0].id, role: 'resident' })).error,
    ).toBeNull()
    expect(await kindOf(c, partners[0])).toBe('resident')
  })

  test('deleting an organisation makes its partners residents, memberships included', async () => {
    const admin = await createUser({ role: 'admin' })
    const org = randomUUID()
    await sql(`insert into public.organisations (id, name, slug) values ($1, $2, $3)`, [
      org,
      `Org ${org.slice(0, 8)}`,
      `org-${org.slice(0, 8)}`,
    ])
    const [r, p] = await Promise.all([
      createUser(),
      createUser({ role: 'partner', organisationId: org }),
    ])
    const c = await coalition([
      [r, 'resident'],
      [p, 'partner'],
    ])
    const { error } = await admin.client.from('organisations').delete().eq('id', org)
    expect(error).toBeNull()
    expect((await sql('select 1 from public.organisations where id = $1', [org])).length).toBe(0)
    expect(await roleOf(p)).toBe('resident')
    expect(await kindOf(c, p)).toBe('resident')
  })
})

describe('resident -> partner (approve_partner_request): converted only when the rule still holds', () => {
  const request = async (u: TestUser) =>
    (
      await sql<{ id: string }>(
        `insert into public.partner_requests (profile_id, organisation_id)
       select $1, id from public.organisations order by id limit 1 returning id`,
        [u.id],
      )
    )[0].id

  test('denied with role_change_coalition_partner_majority when a coalition would tip; nothing changes', async () => {
    const admin = await createUser({ role: 'admin' })
    const [r1, r2] = await createUsers(2)
    const [p] = await createUsers(1, { role: 'partner' })
    // 1 partner, 2 residents; r1 as a partner would make it 2 partners, 1 resident.
    const c = await coalition([
      [r1, 'resident'],
      [r2, 'resident'],
      [p, 'partner'],
    ])
    const req = await request(r1)
    const { error } = await admin.client.rpc('approve_partner_request', { request_id: req })
    expect(error).toMatchObject({
      code: 'P0001',
      message: 'role_change_coalition_partner_majority',
      hint: 'role_change_coalition_partner_majority',
    })
    expect(error?.details).toContain('Coalitie')
    expect(await roleOf(r1)).toBe('resident')
    expect(await kindOf(c, r1)).toBe('resident')
    expect(
      (
        await sql<{ status: string }>('select status from public.partner_requests where id = $1', [
          req,
        ])
      )[0].status,
    ).toBe('pending')
  })

  test('allowed when the coalition keeps enough residents: the membership becomes a partner membership', async () => {
    const admin = await createUser({ role: 'admin' })
    const [r1, r2, r3] = await createUsers(3)
    const [p] = await createUsers(1, { role: 'partner' })
    const c = await coalition([
      [r1, 'resident'],
      [r2, 'resident'],
      [r3, 'resident'],
      [p, 'partner'],
    ])
    const { error } = await admin.client.rpc('approve_partner_request', {
      request_id: await request(r1),
    })
    expect(error).toBeNull()
    expect(await roleOf(r1)).toBe('partner')
    expect(await kindOf(c, r1)).toBe('partner')
  })
})

describe('delete_my_account may leave a coalition with too few residents; the team sees it', () => {
  test('the deletion goes through and the coalition is listed until a resident joins', async () => {
    const [r, mod, newcomer] = await createUsers(3)
    await sql(`update public.profiles set role = 'moderator' where id = $1`, [mod.id])
    const [p] = await createUsers(1, { role: 'partner' })
    const c = await coalition([
      [r, 'resident'],
      [p, 'partner'],
    ])
    const listed = async () =>
      (
        await mod.client
          .from('coalitions_needing_residents')
          .select('id, partners, residents')
          .eq('id', c)
      ).data

    expect(await listed()).toEqual([])
    expect((await r.client.rpc('delete_my_account')).error).toBeNull()
    expect((await sql('select 1 from public.profiles where id = $1', [r.id])).length).toBe(0)
    expect(await listed()).toEqual([{ id: c, partners: 1, residents: 0 }])

    expect(
      (
        await newcomer.client
          .from('coalition_members')
          .insert({ coalition_id: c, profile_id: newcomer.id, member_kind: 'resident' })
      ).error,
    ).toBeNull()
    expect(await listed()).toEqual([])
  })

  test('a resident leaving by themselves is still refused when it would tip the balance', async () => {
    const [r] = await createUsers(1)
    const [p] = await createUsers(1, { role: 'partner' })
    const c = await coalition([
      [r, 'resident'],
      [p, 'partner'],
    ])
    expect(
      (
        await r.client
          .from('coalition_members')
          .delete()
          .match({ coalition_id: c, profile_id: r.id })
      ).error?.message,
    ).toBe('coalition_partner_majority')
  })
})

describe('moderators and admins in a coalition: team members, on neither side', () => {
  test('the team finds a moderator in the people search and adds them as a team member, never as a resident', async () => {
    // The coalition editor searches profiles by name and adds with the kind memberKindFor gives.
    const [mod, r, p1, p2] = await Promise.all([
      createUser({ role: 'moderator' }),
      createUser(),
      createUser({ role: 'partner' }),
      createUser({ role: 'partner' }),
    ])
    const c = await coalition([
      [r, 'resident'],
      [p1, 'partner'],
    ])
    const [found] = await sql<{ display_name: string }>(
      'select display_name from public.profiles where id = $1',
      [mod.id],
    )
    const search = await mod.client
      .from('profiles')
      .select('id, role')
      .eq('display_name', found.display_name)
    expect(search.data).toContainEqual({ id: mod.id, role: 'moderator' })

    // Denied: a team member as a resident, to make room for one more organisation.
    const asResident = await mod.client
      .from('coalition_members')
      .insert({ coalition_id: c, profile_id: mod.id, member_kind: 'resident' })
    expect(asResident.error?.message).toBe('coalition_member_kind_mismatch')

    // Allowed: as a team member, counted on neither side, so the next partner is still refused.
    const asTeam = await mod.client
      .from('coalition_members')
      .insert({ coalition_id: c, profile_id: mod.id, member_kind: 'team' })
    expect(asTeam.error).toBeNull()
    expect(await kindOf(c, mod)).toBe('team')
    const partner = await mod.client
      .from('coalition_members')
      .insert({ coalition_id: c, profile_id: p2.id, member_kind: 'partner' })
    expect(partner.error?.message).toBe('coalition_partner_majority')
  })
})
