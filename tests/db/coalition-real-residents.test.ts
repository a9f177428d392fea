// The coalition rule counts real people on the right side (issue 10.3). Moderators and admins used
// to join as residents, and any fresh account could join to make room for another organisation;
// a role change and a self-join could race past the rule. Now team members join as `team` members,
// counted on neither side; only residents with a confirmed e-mail address count; a join waits for
// a role change in progress and the other way round. Coalitions out of balance are listed for the
// team and never changed by themselves.
// Through PostgREST with real JWTs, and two database connections with explicit transactions for
// the race; SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { apiSession, outcome, waitsOrSettles as waitsOrSettles_ } from '../support/transactions.ts'
import { createUser, createUsers, SEED, type TestUser } from '../support/users.ts'

async function coalition(members: [TestUser, 'resident' | 'partner' | 'team'][] = []) {
  const id = randomUUID()
  await sql(`insert into public.coalitions (id, name) values ($1, $2)`, [
    id,
    `Coalitie ${id.slice(0, 8)}`,
  ])
  for (const [u, kind] of members) {
    await sql(
      `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, $3)`,
      [id, u.id, kind],
    )
  }
  return id
}

const join = (u: TestUser, c: string, kind: string) =>
  u.client
    .from('coalition_members')
    .insert({ coalition_id: c, profile_id: u.id, member_kind: kind })

const kinds = async (c: string) =>
  (
    await sql<{ profile_id: string; member_kind: string }>(
      `select profile_id, member_kind from public.coalition_members where coalition_id = $1 order by member_kind, profile_id`,
      [c],
    )
  ).map((r) => [r.profile_id, r.member_kind])

const unconfirm = (u: TestUser) =>
  sql('update auth.users set email_confirmed_at = null where id = $1', [u.id])

describe('the team counts on neither side', () => {
  test('a moderator joins as a team member, not as a resident; a partner then still needs a resident', async () => {
    const [mod, admin] = await Promise.all([
      createUser({ role: 'moderator' }),
      createUser({ role: 'admin' }),
    ])
    const partner = await createUser({ role: 'partner' })
    const c = await coalition()
    expect((await join(mod, c, 'resident')).error?.message).toBe('coalition_member_kind_mismatch')
    expect((await join(mod, c, 'team')).error).toBeNull()
    expect((await join(admin, c, 'team')).error).toBeNull()
    expect((await join(partner, c, 'partner')).error?.message).toBe('coalition_partner_majority')
    expect(await kinds(c)).toEqual(
      [
        [mod.id, 'team'],
        [admin.id, 'team'],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    )
  })

  test('a resident who becomes a moderator turns into a team member, and may not leave the partners alone', async () => {
    const admin = await createUser({ role: 'admin' })
    const [r1, r2] = await createUsers(2)
    const partner = await createUser({ role: 'partner' })
    const c = await coalition([
      [r1, 'resident'],
      [r2, 'resident'],
      [partner, 'partner'],
    ])
    expect(
      (await admin.client.rpc('set_role', { profile_id: r1.id, role: 'moderator' })).error,
    ).toBeNull()
    expect(await kinds(c)).toContainEqual([r1.id, 'team'])
    // r2 is now the only resident next to one partner: appointing r2 too would tip the coalition.
    const tip = await admin.client.rpc('set_role', { profile_id: r2.id, role: 'moderator' })
    expect(tip.error).toMatchObject({ message: 'role_change_coalition_partner_majority' })
    expect(await kinds(c)).toContainEqual([r2.id, 'resident'])
  })
})

describe('only residents with a confirmed e-mail address count', () => {
  test('an account without a confirmed address cannot join as a resident to make room for a partner', async () => {
    const [fresh] = await createUsers(1)
    await unconfirm(fresh)
    const partner = await createUser({ role: 'partner' })
    const c = await coalition()
    const res = await join(fresh, c, 'resident')
    expect(res.error).toMatchObject({ message: 'coalition_resident_unconfirmed' })
    expect((await join(partner, c, 'partner')).error?.message).toBe('coalition_partner_majority')
    expect(await kinds(c)).toEqual([])
  })

  test('a resident whose address is not confirmed does not count: the coalition is listed for the team, unchanged', async () => {
    const [r] = await createUsers(1)
    const [mod, partner] = await Promise.all([
      createUser({ role: 'moderator' }),
      createUser({ role: 'partner' }),
    ])
    const c = await coalition([
      [r, 'resident'],
      [partner, 'partner'],
      [mod, 'team'],
    ])
    const listed = async () =>
      (
        await mod.client
          .from('coalitions_needing_residents')
          .select('id, partners, residents, team, unconfirmed')
          .eq('id', c)
      ).data
    expect(await listed()).toEqual([])
    await unconfirm(r)
    expect(await listed()).toEqual([{ id: c, partners: 1, residents: 0, team: 1, unconfirmed: 1 }])
    // Whose address is confirmed is not public: only the team reads this list.
    expect(
      (await partner.client.from('coalitions_needing_residents').select('id').eq('id', c)).data,
    ).toEqual([])
    expect(
      (await anonClient().from('coalitions_needing_residents').select('id').eq('id', c)).error
        ?.code,
    ).toBe('42501')
    // Nobody's membership was changed, and no other partner gets in.
    expect(await kinds(c)).toHaveLength(3)
    const [p2] = await createUsers(1, {
      role: 'partner',
      organisationId: SEED.organisations.lumens,
    })
    expect((await join(p2, c, 'partner')).error?.message).toBe('coalition_partner_majority')
    // The unconfirmed resident may still leave.
    expect(
      (
        await r.client
          .from('coalition_members')
          .delete()
          .match({ coalition_id: c, profile_id: r.id })
          .select('profile_id')
      ).data,
    ).toEqual([{ profile_id: r.id }])
  })
})

describe('a role change and a self-join cannot race past the rule', () => {
  const sessionAs = (id: string) => apiSession(stackInfo().dbUrl, id)
  const waitsOrSettles = (pid: number, call: Promise<unknown>) => waitsOrSettles_(sql, pid, call)

  /** One resident and one partner: X may join as a resident, but not as a partner. */
  async function arrange() {
    const admin = await createUser({ role: 'admin' })
    const [r, x] = await createUsers(2)
    const partner = await createUser({ role: 'partner' })
    const c = await coalition([
      [r, 'resident'],
      [partner, 'partner'],
    ])
    const [req] = await sql<{ id: string }>(
      `insert into public.partner_requests (profile_id, organisation_id) values ($1, $2) returning id`,
      [x.id, SEED.organisations.lumens],
    )
    return { admin, x, c, req: req.id }
  }

  const consistent = async (c: string) =>
    sql(
      `select m.profile_id, m.member_kind, p.role from public.coalition_members m
         join public.profiles p on p.id = m.profile_id
        where m.coalition_id = $1 and m.member_kind is distinct from private.member_kind_for(p.role)`,
      [c],
    )

  test('approved first: the join waits, sees the new role and is refused', async () => {
    const { admin, x, c, req } = await arrange()
    const approving = await sessionAs(admin.id)
    const joining = await sessionAs(x.id)
    try {
      await approving.client.query('select public.approve_partner_request($1)', [req])
      const call = joining.client.query(
        `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, 'resident')`,
        [c, x.id],
      )
      const result = outcome(call)
      expect(await waitsOrSettles(joining.pid, call)).toBe('waits')
      await approving.client.query('commit')
      expect(await result).toBe('coalition_member_kind_mismatch')
      await joining.client.query('rollback')
    } finally {
      await Promise.all([approving.client.end(), joining.client.end()])
    }
    expect(await consistent(c)).toEqual([])
    expect(await kinds(c)).toHaveLength(2)
  })

  test('joined first: the approval waits, sees the membership and is refused because the coalition would tip', async () => {
    const { admin, x, c, req } = await arrange()
    const joining = await sessionAs(x.id)
    const approving = await sessionAs(admin.id)
    try {
      await joining.client.query(
        `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, 'resident')`,
        [c, x.id],
      )
      const call = approving.client.query('select public.approve_partner_request($1)', [req])
      const result = outcome(call)
      expect(await waitsOrSettles(approving.pid, call)).toBe('waits')
      await joining.client.query('commit')
      expect(await result).toBe('role_change_coalition_partner_majority')
      await approving.client.query('rollback')
    } finally {
      await Promise.all([approving.client.end(), joining.client.end()])
    }
    expect(await consistent(c)).toEqual([])
    expect(await kinds(c)).toContainEqual([x.id, 'resident'])
  })
})
