// The business rules for profiles, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { anonClient, sql } from '../../support/clients.ts'
import { createUser, SEED } from '../../support/users.ts'

describe('profiles', () => {
  test('sign-up creates a profile from metadata, with safe fallbacks', async () => {
    const a = await createUser({
      meta: {
        display_name: '  Anouk  ',
        neighbourhood_id: SEED.neighbourhoods.eckartdal,
        locale: 'ar',
      },
    })
    const b = await createUser({
      meta: { neighbourhood_id: 'not-a-uuid', locale: 'xx' },
      email: `  @example.test`,
    }).catch(() => null)
    const c = await createUser({
      meta: { display_name: '   ' },
      email: `jan.${randomUUID().slice(0, 6)}@example.test`,
    })
    const [pa] = await sql('select * from public.profiles where id = $1', [a.id])
    expect(pa).toMatchObject({
      display_name: 'Anouk',
      role: 'resident',
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
      locale: 'ar',
    })
    const [pc] = await sql('select * from public.profiles where id = $1', [c.id])
    expect(pc.display_name).toMatch(/^jan\./)
    expect(pc.locale).toBe('nl')
    if (b)
      expect(
        (await sql('select display_name from public.profiles where id = $1', [b.id]))[0]
          .display_name,
      ).toBe('Buur')
  })

  test('people see only public columns of others; their own full profile via my_profile()', async () => {
    const me = await createUser({ meta: { display_name: 'Ik', locale: 'pl' } })
    const all = await me.client.from('profiles').select('*').limit(1)
    expect(all.error?.code).toBe('42501')
    const mine = await me.client.rpc('my_profile').single()
    expect(mine.data).toMatchObject({ id: me.id, locale: 'pl' })
    expect((await anonClient().rpc('my_profile')).error).not.toBeNull()
  })

  test('a person cannot change their own role or organisation, only name, buurt and language', async () => {
    const me = await createUser()
    expect(
      (await me.client.from('profiles').update({ role: 'admin' }).eq('id', me.id)).error?.code,
    ).toBe('42501')
    expect(
      (
        await me.client
          .from('profiles')
          .update({ organisation_id: SEED.organisations.woonbedrijf })
          .eq('id', me.id)
      ).error?.code,
    ).toBe('42501')
    expect(
      (
        await me.client
          .from('profiles')
          .update({ display_name: '  Nieuwe  ', locale: 'tr' })
          .eq('id', me.id)
      ).error,
    ).toBeNull()
    expect(
      (
        await sql('select display_name, role, locale from public.profiles where id = $1', [me.id])
      )[0],
    ).toEqual({ display_name: 'Nieuwe', role: 'resident', locale: 'tr' })
    expect(
      (
        await me.client
          .from('profiles')
          .update({ display_name: 'x'.repeat(51) })
          .eq('id', me.id)
      ).error?.code,
    ).toBe('23514')
  })

  test('set_role: admins only; partners only through an approved request', async () => {
    const [admin, mod, person] = [
      await createUser({ role: 'admin' }),
      await createUser({ role: 'moderator' }),
      await createUser(),
    ]
    expect(
      (await mod.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error
        ?.message,
    ).toBe('not_allowed')
    expect(
      (await admin.client.rpc('set_role', { profile_id: person.id, role: 'partner' })).error
        ?.message,
    ).toBe('role_partner_via_request')
    expect(
      (await admin.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error,
    ).toBeNull()
    const req = await person.client
      .from('partner_requests')
      .insert({ organisation_id: SEED.organisations.lumens })
      .select()
      .single()
    expect(req.error).toBeNull()
    expect(
      (await mod.client.rpc('approve_partner_request', { request_id: req.data.id })).error?.message,
    ).toBe('not_allowed')
    expect(
      (await admin.client.rpc('approve_partner_request', { request_id: req.data.id })).error,
    ).toBeNull()
    const [p] = await sql('select role, organisation_id from public.profiles where id = $1', [
      person.id,
    ])
    expect(p).toEqual({ role: 'moderator', organisation_id: SEED.organisations.lumens })
    expect(
      (
        await sql(
          `select count(*)::int n from public.moderation_log where target_id = $1 and action = 'approve_partner'`,
          [req.data.id],
        )
      )[0].n,
    ).toBe(1)
  })
})
