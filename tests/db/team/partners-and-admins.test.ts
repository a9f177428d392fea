// RLS and the team's functions for partners and admins, through PostgREST with real JWTs.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { createUser, SEED } from '../../support/users.ts'
import { actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

describe('partners and admins', () => {
  it('a person asks to become a partner but cannot approve themselves; an admin approves', async () => {
    const person = await createUser()
    const { data: req, error } = await person.client
      .from('partner_requests')
      .insert({ organisation_id: SEED.organisations.lumens, message: 'Ik werk bij Lumens' })
      .select('id, status')
      .single()
    expect(error).toBeNull()
    expect(req!.status).toBe('pending')
    expect(
      (await person.client.rpc('approve_partner_request', { request_id: req!.id })).error?.code,
    ).toBe('42501')
    expect(
      (
        await person.client
          .from('partner_requests')
          .update({ status: 'approved' })
          .eq('id', req!.id)
      ).error?.code,
    ).toBe('42501')
    expect(
      (await person.client.from('profiles').update({ role: 'partner' }).eq('id', person.id)).error
        ?.code,
    ).toBe('42501')
    expect(
      (await a.moderator.client.rpc('approve_partner_request', { request_id: req!.id })).error
        ?.code,
    ).toBe('42501')

    expect(
      (await a.admin.client.rpc('approve_partner_request', { request_id: req!.id })).error,
    ).toBeNull()
    const [profile] = await sql('select role, organisation_id from public.profiles where id = $1', [
      person.id,
    ])
    expect(profile).toEqual({ role: 'partner', organisation_id: SEED.organisations.lumens })
  })

  it('only admins find people by e-mail and appoint moderators', async () => {
    const person = await createUser()
    expect(
      (await a.moderator.client.rpc('admin_find_people', { query: person.email })).error?.code,
    ).toBe('42501')
    const found = await a.admin.client.rpc('admin_find_people', { query: person.email })
    expect(found.data).toEqual([
      expect.objectContaining({ id: person.id, email: person.email, role: 'resident' }),
    ])
    expect(
      (await a.moderator.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error
        ?.code,
    ).toBe('42501')
    expect(
      (await a.admin.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error,
    ).toBeNull()
  })

  it('only admins manage buurten, themes and organisations, and it is logged', async () => {
    const slug = `test-${randomUUID().slice(0, 6)}`
    expect(
      (
        await a.moderator.client
          .from('organisations')
          .insert({ name: `Org ${slug}`, slug })
          .select('id')
      ).error?.code,
    ).toBe('42501')
    const { data, error } = await a.admin.client
      .from('organisations')
      .insert({ name: `Org ${slug}`, slug })
      .select('id')
      .single()
    expect(error).toBeNull()
    expect((await logEntries(data!.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['insert', a.admin.id],
    ])
  })
})
