// RLS and the team's functions for coalitions, through PostgREST with real JWTs.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { createUser, SEED } from '../../support/users.ts'
import { actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

describe('coalitions', () => {
  it('residents and partners cannot create or edit coalitions; the team can, and it is logged', async () => {
    for (const who of [a.resident, a.partner]) {
      const { error } = await who.client.from('coalitions').insert({ name: 'Eigen club' })
      expect(error?.code).toBe('42501')
    }
    const id = randomUUID()
    expect(
      (await a.moderator.client.from('coalitions').insert({ id, name: 'Speeltuinen Erp' })).error,
    ).toBeNull()
    const edit = await a.partner.client
      .from('coalitions')
      .update({ name: 'Overgenomen' })
      .eq('id', id)
      .select('id')
    expect(edit.data).toEqual([])
    expect(
      (
        await a.moderator.client
          .from('coalitions')
          .update({ description: 'Speelplekken in Erp' })
          .eq('id', id)
      ).error,
    ).toBeNull()
    expect((await logEntries(id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['insert', a.moderator.id],
      ['update', a.moderator.id],
    ])
  })

  it('refuses a second partner beside one resident, with the stable error key', async () => {
    const id = randomUUID()
    await a.moderator.client.from('coalitions').insert({ id, name: 'Balans test' })
    const partner2 = await createUser({
      role: 'partner',
      organisationId: SEED.organisations.lumens,
    })
    await a.moderator.client.from('coalition_members').insert([
      { coalition_id: id, profile_id: a.resident.id, member_kind: 'resident' },
      { coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' },
    ])
    const { error } = await a.moderator.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: partner2.id, member_kind: 'partner' })
    expect(error?.message).toBe('coalition_partner_majority')
    const members = await sql(
      'select member_kind from public.coalition_members where coalition_id = $1',
      [id],
    )
    expect(members).toHaveLength(2)
    expect((await logEntries(id)).filter((e) => e.action === 'insert')).toHaveLength(3)
  })

  it('a partner may join by themselves when a resident is there, but not add somebody else', async () => {
    const id = randomUUID()
    await a.moderator.client.from('coalitions').insert({ id, name: 'Zelf meedoen' })
    const alone = await a.partner.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' })
    expect(alone.error?.message).toBe('coalition_partner_majority')
    const other = await a.partner.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: a.other.id, member_kind: 'resident' })
    expect(other.error?.code).toBe('42501')
    expect(
      (
        await a.resident.client
          .from('coalition_members')
          .insert({ coalition_id: id, profile_id: a.resident.id, member_kind: 'resident' })
      ).error,
    ).toBeNull()
    expect(
      (
        await a.partner.client
          .from('coalition_members')
          .insert({ coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' })
      ).error,
    ).toBeNull()
  })
})
