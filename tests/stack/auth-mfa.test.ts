// The second factor through supabase-js `auth.mfa.*`, as a team member meets it: enrol a TOTP
// factor, verify it to reach aal2, sign in again at aal1, and every way a stranger or a thief
// could try to skip it: a wrong code, a replayed code, an expired challenge, another person's
// factor, guessing, and removing the factor with only a password.
import type { SupabaseClient } from '@supabase/supabase-js'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { anonClient, serviceClient, signedInClient, sql } from '../support/clients.ts'
import { DEMO_ADMIN, demoAdminSession } from '../support/mfa.ts'
import { authFetch, decodeJwt } from './auth-helpers.ts'

const ROOT = resolve(import.meta.dirname, '../..')

/** The code an authenticator app shows now (or `steps` periods later: still inside the window). */
function totpCode(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 })
  return totp.generate({ timestamp: Date.now() + steps * 30_000 })
}

async function accessClaims(client: SupabaseClient) {
  const session = (await client.auth.getSession()).data.session!
  return decodeJwt(session.access_token).payload
}

/** A signed-in person with a verified TOTP factor; the client's session is at aal2. */
async function enrolled() {
  const person = await signedInClient()
  const { data, error } = await person.client.auth.mfa.enroll({ factorType: 'totp' })
  expect(error).toBeNull()
  const secret = data!.totp.secret
  const verified = await person.client.auth.mfa.challengeAndVerify({
    factorId: data!.id,
    code: totpCode(secret),
  })
  expect(verified.error).toBeNull()
  return { ...person, factorId: data!.id, secret }
}

async function signInAgain(email: string, password: string) {
  const client = anonClient()
  const { error } = await client.auth.signInWithPassword({ email, password })
  expect(error).toBeNull()
  return client
}

describe('enrolling a TOTP factor', () => {
  it('returns the QR code, secret and otpauth URI, and lists the factor as unverified', async () => {
    const { client, email } = await signedInClient()
    const { data, error } = await client.auth.mfa.enroll({
      factorType: 'totp',
      friendlyName: 'Telefoon',
      issuer: 'Emmer',
    })
    expect(error).toBeNull()
    expect(data).toMatchObject({ type: 'totp', friendly_name: 'Telefoon' })
    expect(data!.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg[\s\S]*<\/svg>\s*$/)
    expect(data!.totp.secret).toMatch(/^[A-Z2-7]{32}$/)
    const uri = new URL(data!.totp.uri)
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(data!.totp.secret)
    expect(uri.searchParams.get('issuer')).toBe('Emmer')
    expect(decodeURIComponent(uri.pathname)).toContain(email)

    const listed = await client.auth.mfa.listFactors()
    expect(listed.data!.all).toEqual([
      expect.objectContaining({ id: data!.id, factor_type: 'totp', status: 'unverified' }),
    ])
    expect(listed.data!.totp).toEqual([])
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(aal.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' })
  })

  it('refuses phone and WebAuthn factors, which are switched off', async () => {
    const { client } = await signedInClient()
    const phone = await client.auth.mfa.enroll({ factorType: 'phone', phone: '+31612345678' })
    expect(phone.error).toMatchObject({ status: 422, code: 'mfa_phone_enroll_not_enabled' })
    expect(await sql('select 1 from auth.mfa_factors where factor_type = $1', ['phone'])).toEqual(
      [],
    )
  })

  it('needs a signed-in session', async () => {
    const res = await authFetch('/factors', { body: { factor_type: 'totp' } })
    expect(res.status).toBe(403)
  })
})

describe('verifying a factor', () => {
  it('raises the session to aal2 with totp in amr, and a refresh keeps aal2', async () => {
    const { client, userId, factorId } = await enrolled()
    const claims = await accessClaims(client)
    expect(claims.aal).toBe('aal2')
    expect(claims.amr.map((a: { method: string }) => a.method).sort()).toEqual(['password', 'totp'])
    expect(claims.session_id).toBeTruthy()
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(aal.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' })
    const listed = await client.auth.mfa.listFactors()
    expect(listed.data!.totp).toEqual([expect.objectContaining({ id: factorId })])

    const refreshed = await client.auth.refreshSession()
    expect(refreshed.error).toBeNull()
    expect(decodeJwt(refreshed.data.session!.access_token).payload.aal).toBe('aal2')
    const [row] = await sql('select aal::text, factor_id from auth.sessions where id = $1', [
      claims.session_id,
    ])
    expect(row).toEqual({ aal: 'aal2', factor_id: factorId })
    expect(
      await sql(`select status::text from auth.mfa_factors where user_id = $1`, [userId]),
    ).toEqual([{ status: 'verified' }])
  })

  it('a new password sign-in is aal1 and asks for aal2 next', async () => {
    const { email, password } = await enrolled()
    const again = await signInAgain(email, password)
    expect((await accessClaims(again)).aal).toBe('aal1')
    const aal = await again.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(aal.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' })
  })

  it('refuses a wrong code and leaves the session at aal1', async () => {
    const { email, password, factorId, secret } = await enrolled()
    const again = await signInAgain(email, password)
    const right = totpCode(secret, 1)
    const wrong = right === '000000' ? '111111' : '000000'
    const { error } = await again.auth.mfa.challengeAndVerify({ factorId, code: wrong })
    expect(error).toMatchObject({ status: 422, code: 'mfa_verification_failed' })
    expect((await accessClaims(again)).aal).toBe('aal1')
  })

  it('accepts a code only once: the same code replayed on a new challenge is refused', async () => {
    const { email, password, factorId, secret } = await enrolled()
    const code = totpCode(secret, 1)
    const first = await signInAgain(email, password)
    expect((await first.auth.mfa.challengeAndVerify({ factorId, code })).error).toBeNull()
    const thief = await signInAgain(email, password)
    const { error } = await thief.auth.mfa.challengeAndVerify({ factorId, code })
    expect(error).toMatchObject({ status: 422, code: 'mfa_verification_failed' })
    expect((await accessClaims(thief)).aal).toBe('aal1')
  })

  it('also refuses the code of an earlier step once a later one was used', async () => {
    const { email, password, factorId, secret } = await enrolled()
    // enrolled() used the current step; the previous step is still inside the window.
    const again = await signInAgain(email, password)
    const { error } = await again.auth.mfa.challengeAndVerify({
      factorId,
      code: totpCode(secret, -1),
    })
    expect(error).toMatchObject({ code: 'mfa_verification_failed' })
  })

  it('refuses an expired challenge and a challenge that was already used', async () => {
    const { email, password, factorId, secret } = await enrolled()
    const again = await signInAgain(email, password)
    const ch = await again.auth.mfa.challenge({ factorId })
    await sql(
      `update auth.mfa_challenges set created_at = now() - interval '301 seconds' where id = $1`,
      [ch.data!.id],
    )
    const expired = await again.auth.mfa.verify({
      factorId,
      challengeId: ch.data!.id,
      code: totpCode(secret, 1),
    })
    expect(expired.error).toMatchObject({ status: 422, code: 'mfa_challenge_expired' })

    const ok = await again.auth.mfa.challenge({ factorId })
    const code = totpCode(secret, 1)
    expect(
      (await again.auth.mfa.verify({ factorId, challengeId: ok.data!.id, code })).error,
    ).toBeNull()
    const reused = await again.auth.mfa.verify({ factorId, challengeId: ok.data!.id, code })
    expect(reused.error).toMatchObject({ status: 422 })
  })

  it("cannot challenge or verify another person's factor", async () => {
    const victim = await enrolled()
    const { client: stranger } = await signedInClient()
    const ch = await stranger.auth.mfa.challenge({ factorId: victim.factorId })
    expect(ch.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' })
    const v = await stranger.auth.mfa.verify({
      factorId: victim.factorId,
      challengeId: victim.factorId,
      code: totpCode(victim.secret, 1),
    })
    expect(v.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' })
    expect((await accessClaims(stranger)).aal).toBe('aal1')
  })

  it('after 5 wrong codes refuses even the right one for a while (429)', async () => {
    const { email, password, factorId, secret } = await enrolled()
    const again = await signInAgain(email, password)
    const right = totpCode(secret, 1)
    const wrong = right === '123456' ? '654321' : '123456'
    for (let i = 0; i < 5; i++) {
      const { error } = await again.auth.mfa.challengeAndVerify({ factorId, code: wrong })
      expect(error).toMatchObject({ code: 'mfa_verification_failed' })
    }
    const { error } = await again.auth.mfa.challengeAndVerify({ factorId, code: right })
    expect(error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    expect((await accessClaims(again)).aal).toBe('aal1')
  })

  it("ends the person's other aal1 sessions, as GoTrue does", async () => {
    const { email, password, factorId, secret } = await enrolled()
    const stale = await signInAgain(email, password)
    const fresh = await signInAgain(email, password)
    const code = totpCode(secret, 1)
    expect((await fresh.auth.mfa.challengeAndVerify({ factorId, code })).error).toBeNull()
    const staleToken = (await stale.auth.getSession()).data.session!.access_token
    const res = await authFetch('/user', { bearer: staleToken })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('session_not_found')
  })
})

describe('removing a factor', () => {
  it('needs aal2: a stolen password alone cannot remove the factor', async () => {
    const { email, password, factorId, userId } = await enrolled()
    const thief = await signInAgain(email, password)
    const { error } = await thief.auth.mfa.unenroll({ factorId })
    expect(error).toMatchObject({ status: 422, code: 'insufficient_aal' })
    expect(await sql('select id from auth.mfa_factors where user_id = $1', [userId])).toEqual([
      { id: factorId },
    ])
  })

  it('a second factor cannot be enrolled at aal1 while a verified one exists', async () => {
    const { email, password } = await enrolled()
    const thief = await signInAgain(email, password)
    const { error } = await thief.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Dief' })
    expect(error).toMatchObject({ status: 403, code: 'insufficient_aal' })
  })

  it('at aal2 the owner removes it; the session drops to aal1 at the next refresh', async () => {
    const { client, factorId, userId } = await enrolled()
    const { data, error } = await client.auth.mfa.unenroll({ factorId })
    expect(error).toBeNull()
    expect(data).toEqual({ id: factorId })
    expect(await sql('select id from auth.mfa_factors where user_id = $1', [userId])).toEqual([])
    const refreshed = await client.auth.refreshSession()
    expect(decodeJwt(refreshed.data.session!.access_token).payload.aal).toBe('aal1')
  })

  it('the admin API (service role) lists and deletes a person’s factors', async () => {
    const { userId, factorId, client } = await enrolled()
    const admin = serviceClient().auth.admin.mfa
    const listed = await admin.listFactors({ userId })
    expect(listed.data!.factors).toEqual([
      expect.objectContaining({ id: factorId, status: 'verified', factor_type: 'totp' }),
    ])
    const deleted = await admin.deleteFactor({ userId, id: factorId })
    expect(deleted.error).toBeNull()
    expect(await sql('select 1 from auth.mfa_factors where user_id = $1', [userId])).toEqual([])
    const refreshed = await client.auth.refreshSession()
    expect(decodeJwt(refreshed.data.session!.access_token).payload.aal).toBe('aal1')
  })

  it('the admin API refuses a signed-in person (not service role)', async () => {
    const { client, userId } = await enrolled()
    const token = (await client.auth.getSession()).data.session!.access_token
    const res = await authFetch(`/admin/users/${userId}/factors`, { bearer: token })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('not_admin')
  })
})

describe('the demo admin', () => {
  it('has a verified TOTP factor whose secret is the one in seed-accounts.md and the README', async () => {
    const docs = readFileSync(resolve(ROOT, 'supabase/seed-accounts.md'), 'utf8')
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    expect(docs).toContain(DEMO_ADMIN.secret)
    expect(readme).toContain(DEMO_ADMIN.secret)
    const { client, session } = await demoAdminSession()
    expect(decodeJwt(session.access_token).payload.aal).toBe('aal2')
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(aal.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' })
  })

  it('signed in with only the password, is at aal1 and asked for the code', async () => {
    const client = await signInAgain(DEMO_ADMIN.email, DEMO_ADMIN.password)
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(aal.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' })
  })
})
