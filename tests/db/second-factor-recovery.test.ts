// A lost phone: recovery codes (shown once, stored hashed, each usable once) let a person remove
// their own factor with only their password, and another admin can remove it for them. Both are
// logged. The refusals sit beside each allowed path: a password alone cannot make codes, a wrong
// or spent code does nothing, a moderator or an admin at aal1 cannot remove anyone's factor.
import { randomUUID } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { anonClient, signedInClient, sql } from '../support/clients.ts'
import { clientAs, createUser } from '../support/users.ts'

async function addFactor(userId: string) {
  const id = randomUUID()
  await sql(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, '', 'totp', 'verified', now(), now(), 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')`,
    [id, userId],
  )
  return id
}

const factorsOf = (userId: string) =>
  sql('select id from auth.mfa_factors where user_id = $1', [userId])

describe('recovery codes', () => {
  it('are made only at aal2: ten codes, shown once, stored as hashes', async () => {
    const person = await createUser({ role: 'moderator' })
    await addFactor(person.id)
    const weak = await clientAs(person.id, { aal: 'aal1' })
    const refused = await weak.rpc('create_recovery_codes')
    expect(refused.error).toMatchObject({ code: '42501', message: 'second_factor_required' })

    const strong = await clientAs(person.id, { aal: 'aal2' })
    const { data, error } = await strong.rpc('create_recovery_codes')
    expect(error).toBeNull()
    const codes = data as string[]
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
    const stored = await sql<{ code_hash: string }>(
      'select code_hash from private.mfa_recovery_codes where user_id = $1',
      [person.id],
    )
    expect(stored).toHaveLength(10)
    for (const { code_hash } of stored) {
      expect(code_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(codes.some((c) => code_hash.includes(c.replace('-', '')))).toBe(false)
    }
    expect((await strong.rpc('recovery_codes_left')).data).toBe(10)
    // Nobody reads the table through the API.
    expect(
      (
        await strong
          .schema('private' as never)
          .from('mfa_recovery_codes')
          .select()
      ).error,
    ).not.toBeNull()
  })

  it('one code removes the factors with only the password; a wrong or spent code does nothing', async () => {
    const person = await createUser({ role: 'moderator' })
    await addFactor(person.id)
    const codes = (await (await clientAs(person.id, { aal: 'aal2' })).rpc('create_recovery_codes'))
      .data as string[]
    const weak = await clientAs(person.id, { aal: 'aal1' })

    const wrong = await weak.rpc('use_recovery_code', { code: 'aaaaa-aaaaa' })
    expect(wrong.error).toMatchObject({ message: 'recovery_code_wrong' })
    expect(await factorsOf(person.id)).toHaveLength(1)

    // Typed with capitals and without the dash: still the same code.
    const used = await weak.rpc('use_recovery_code', {
      code: codes[3].replace('-', '').toUpperCase(),
    })
    expect(used.error).toBeNull()
    expect(used.data).toBe(1)
    expect(await factorsOf(person.id)).toEqual([])
    expect((await weak.rpc('recovery_codes_left')).data).toBe(9)
    const [log] = await sql(
      `select actor_id, details from public.moderation_log where action = 'use_recovery_code' and target_id = $1`,
      [person.id],
    )
    expect(log).toEqual({ actor_id: person.id, details: { factors_removed: 1 } })

    await addFactor(person.id)
    const again = await weak.rpc('use_recovery_code', { code: codes[3] })
    expect(again.error).toMatchObject({ message: 'recovery_code_wrong' })
    expect(await factorsOf(person.id)).toHaveLength(1)
  })

  it("another person's code does not work for me, and a visitor cannot use one", async () => {
    const owner = await createUser({ role: 'moderator' })
    const thief = await createUser({ role: 'moderator' })
    await addFactor(owner.id)
    await addFactor(thief.id)
    const codes = (await (await clientAs(owner.id, { aal: 'aal2' })).rpc('create_recovery_codes'))
      .data as string[]
    const stolen = await thief.client.rpc('use_recovery_code', { code: codes[0] })
    expect(stolen.error).toMatchObject({ message: 'recovery_code_wrong' })
    expect(await factorsOf(thief.id)).toHaveLength(1)
    const visitor = await anonClient().rpc('use_recovery_code', { code: codes[0] })
    expect(visitor.error).not.toBeNull()
    expect(await factorsOf(owner.id)).toHaveLength(1)
  })
})

describe('another admin removes a factor', () => {
  it('an admin at aal2 removes a person’s factor, logged; not at aal1, not a moderator, not their own', async () => {
    const admin = await createUser({ role: 'admin' })
    const moderator = await createUser({ role: 'moderator' })
    const lost = await createUser({ role: 'moderator' })
    await addFactor(lost.id)

    const weak = await clientAs(admin.id, { aal: 'aal1' })
    expect(
      (await weak.rpc('admin_remove_second_factor', { profile_id: lost.id })).error,
    ).toMatchObject({ message: 'second_factor_required' })
    expect(
      (await moderator.client.rpc('admin_remove_second_factor', { profile_id: lost.id })).error,
    ).toMatchObject({ code: '42501', message: 'not_allowed' })
    expect(
      (await admin.client.rpc('admin_remove_second_factor', { profile_id: admin.id })).error,
    ).toMatchObject({ message: 'not_allowed' })
    expect(await factorsOf(lost.id)).toHaveLength(1)

    const listed = await admin.client.rpc('admin_second_factors', {
      profile_ids: [lost.id, moderator.id],
    })
    expect(listed.data).toEqual(
      expect.arrayContaining([
        { profile_id: lost.id, has_factor: true },
        { profile_id: moderator.id, has_factor: false },
      ]),
    )
    const { data, error } = await admin.client.rpc('admin_remove_second_factor', {
      profile_id: lost.id,
    })
    expect(error).toBeNull()
    expect(data).toBe(1)
    expect(await factorsOf(lost.id)).toEqual([])
    const [log] = await sql(
      `select actor_id, details from public.moderation_log where action = 'remove_second_factor' and target_id = $1`,
      [lost.id],
    )
    expect(log).toEqual({ actor_id: admin.id, details: { factors_removed: 1 } })
  })
})

describe('the last admin loses their phone', () => {
  it('gets back in with password and a recovery code, enrols again and has admin powers at aal2', async () => {
    const { client, userId, email, password } = await signedInClient()
    await sql(`update public.profiles set role = 'admin' where id = $1`, [userId])
    const target = await createUser()
    const enrol = await client.auth.mfa.enroll({ factorType: 'totp' })
    const totp = new TOTP({ secret: Secret.fromBase32(enrol.data!.totp.secret) })
    await client.auth.mfa.challengeAndVerify({ factorId: enrol.data!.id, code: totp.generate() })
    const codes = (await client.rpc('create_recovery_codes')).data as string[]
    expect(codes).toHaveLength(10)

    // Phone gone: a new sign-in has only the password.
    const back = anonClient()
    await back.auth.signInWithPassword({ email, password })
    const denied = await back.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(denied.error).toMatchObject({ message: 'second_factor_required' })
    expect((await back.rpc('use_recovery_code', { code: codes[0] })).error).toBeNull()
    expect(await factorsOf(userId)).toEqual([])

    // A new phone: enrol at aal1 (no verified factor left), verify, and the powers are back.
    await back.auth.refreshSession()
    const fresh = await back.auth.mfa.enroll({ factorType: 'totp' })
    expect(fresh.error).toBeNull()
    const newTotp = new TOTP({ secret: Secret.fromBase32(fresh.data!.totp.secret) })
    const verified = await back.auth.mfa.challengeAndVerify({
      factorId: fresh.data!.id,
      code: newTotp.generate(),
    })
    expect(verified.error).toBeNull()
    const allowed = await back.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(allowed.error).toBeNull()
  })
})
