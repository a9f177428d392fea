// Inviting a moderator or a partner contact from /beheer (issue #12) through the real
// supabase-js `functions.invoke`, as the app calls it: the function asks Postgres first with the
// caller's own token (invite_to_team: admins at aal2 only), and only then has Auth send the mail.
import { FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { generateKeyPair, SignJWT } from 'jose'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../supabase/local/migrate.ts'
import { readSigningKeys, signer } from '../../supabase/local/signing.ts'
import { anonClient, latestMail, sql, stackInfo, uniqueEmail } from '../support/clients.ts'
import { clientAs, createUser, SEED } from '../support/users.ts'

async function invite(client: SupabaseClient, body: Record<string, unknown>) {
  return client.functions.invoke('invite-team-member', { body })
}

/** The status and JSON body of a refusal. */
async function refusal(error: unknown): Promise<{ status: number; body: unknown }> {
  expect(error).toBeInstanceOf(FunctionsHttpError)
  const res = (error as FunctionsHttpError).context as Response
  return { status: res.status, body: await res.json() }
}

/** Nothing was made for this address: no account, no invitation, no mail. */
async function expectNothingFor(email: string) {
  expect(await sql('select 1 from auth.users where lower(email) = $1', [email])).toEqual([])
  expect(await sql('select 1 from private.team_invitations where email = $1', [email])).toEqual([])
  expect(await latestMail(email)).toBeUndefined()
}

/** Invites `email` with a raw bearer token; expects 401 not_signed_in and no invitation. */
async function expectRefusedAsNotSignedIn(token: string, email: string) {
  const res = await fetch(`${stackInfo().apiUrl}/functions/v1/invite-team-member`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      apikey: stackInfo().publishableKey,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, role: 'moderator' }),
  })
  expect(res.status).toBe(401)
  expect(await res.json()).toEqual({ error: 'not_signed_in' })
  await expectNothingFor(email)
}

describe('invite-team-member', () => {
  it('lets an admin at aal2 invite a moderator: the invitation, the account and the mail', async () => {
    const admin = await createUser({ role: 'admin' })
    const email = uniqueEmail('moderator')
    const { data, error } = await invite(admin.client, { email, role: 'moderator' })
    expect(error).toBeNull()
    expect(data).toMatchObject({ invited: email })

    const [user] = await sql<{ id: string; invited_at: Date | null; confirmed: Date | null }>(
      'select id, invited_at, email_confirmed_at as confirmed from auth.users where email = $1',
      [email],
    )
    expect(user.invited_at).toBeInstanceOf(Date)
    expect(user.confirmed).toBeNull()
    expect(data).toMatchObject({ user_id: user.id })

    const [row] = await sql(
      'select role, organisation_id, invited_by from private.team_invitations where email = $1',
      [email],
    )
    expect(row).toEqual({ role: 'moderator', organisation_id: null, invited_by: admin.id })

    const mail = await latestMail(email)
    expect(mail).toBeDefined()
    // The link goes back to the app's sign-in page.
    expect(decodeURIComponent(mail!.text)).toMatch(/type=invite&redirect_to=http\S+\/inloggen/)
    // Not yet a moderator: the role comes when the address is confirmed.
    const [profile] = await sql('select role from public.profiles where id = $1', [user.id])
    expect(profile?.role ?? 'resident').toBe('resident')
  })

  it('invites a partner contact with their organisation, and normalises the address', async () => {
    const admin = await createUser({ role: 'admin' })
    const email = uniqueEmail('partner')
    const { error } = await invite(admin.client, {
      email: `  ${email.toUpperCase()} `,
      role: 'partner',
      organisation_id: SEED.organisations.woonbedrijf,
    })
    expect(error).toBeNull()
    const [row] = await sql(
      'select role, organisation_id from private.team_invitations where email = $1',
      [email],
    )
    expect(row).toEqual({ role: 'partner', organisation_id: SEED.organisations.woonbedrijf })
    expect(await latestMail(email)).toBeDefined()
  })

  it('refuses a resident, a moderator and a partner (not_allowed, 403), and sends nothing', async () => {
    for (const role of ['resident', 'moderator', 'partner'] as const) {
      const who = await createUser({ role })
      const email = uniqueEmail(`by-${role}`)
      const { data, error } = await invite(who.client, { email, role: 'moderator' })
      expect(data).toBeNull()
      expect(await refusal(error)).toEqual({ status: 403, body: { error: 'not_allowed' } })
      await expectNothingFor(email)
    }
  })

  it('refuses an admin without a second factor (aal1): second_factor_required', async () => {
    const admin = await createUser({ role: 'admin' })
    const aal1 = await clientAs(admin.id, { aal: 'aal1' })
    const email = uniqueEmail('aal1')
    const { error } = await invite(aal1, { email, role: 'moderator' })
    expect(await refusal(error)).toEqual({
      status: 403,
      body: { error: 'second_factor_required' },
    })
    await expectNothingFor(email)
  })

  it('refuses a caller without a session, and a forged token', async () => {
    const email = uniqueEmail('anon')
    const { error } = await invite(anonClient(), { email, role: 'moderator' })
    expect(await refusal(error)).toEqual({ status: 401, body: { error: 'not_signed_in' } })
    // A token that only looks like a session: PostgREST checks the signature.
    const admin = await createUser({ role: 'admin' })
    const claims = { sub: admin.id, role: 'authenticated', aal: 'aal2' }
    const forged = `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.bm9wZQ`
    await expectRefusedAsNotSignedIn(forged, email)
  })

  it('refuses an expired ES256 token the project key signed, and one signed by another key', async () => {
    // getClaims() in the function checks the signature against the JWKS and the expiry.
    const admin = await createUser({ role: 'admin' })
    const keys = readSigningKeys(join(repoRoot, 'supabase', 'signing_keys.json'))
    const own = (await signer(keys))!
    const other = await generateKeyPair('ES256')
    const now = Math.floor(Date.now() / 1000)
    const claims = { sub: admin.id, role: 'authenticated', aud: 'authenticated', aal: 'aal2' }
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: own.alg, kid: own.kid, typ: 'JWT' })
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 60)
      .sign(own.key)
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: own.kid, typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(other.privateKey)
    for (const token of [expired, foreign]) {
      const email = uniqueEmail('es256')
      await expectRefusedAsNotSignedIn(token, email)
    }
  })

  it('refuses a partner without organisation, a moderator with one, an admin role and a bad address', async () => {
    const admin = await createUser({ role: 'admin' })
    const cases: [Record<string, unknown>, string][] = [
      [{ role: 'partner' }, 'invite_organisation_mismatch'],
      [
        { role: 'moderator', organisation_id: SEED.organisations.woonbedrijf },
        'invite_organisation_mismatch',
      ],
      [{ role: 'admin' }, 'invite_role_not_allowed'],
      [{ role: 'boss' }, 'invite_role_not_allowed'],
    ]
    for (const [body, key] of cases) {
      const email = uniqueEmail('bad')
      const { error } = await invite(admin.client, { email, ...body })
      expect(await refusal(error)).toEqual({ status: 400, body: { error: key } })
      await expectNothingFor(email)
    }
    const { error } = await invite(admin.client, { email: 'no-at-sign.test', role: 'moderator' })
    expect(await refusal(error)).toEqual({ status: 400, body: { error: 'invalid_email' } })
    expect(await latestMail('no-at-sign.test')).toBeUndefined()
  })

  it('refuses an address that already has an account (already_has_account, 409)', async () => {
    const admin = await createUser({ role: 'admin' })
    const existing = await createUser()
    const { error } = await invite(admin.client, { email: existing.email, role: 'moderator' })
    expect(await refusal(error)).toEqual({ status: 409, body: { error: 'already_has_account' } })
    expect(
      await sql('select 1 from private.team_invitations where email = $1', [existing.email]),
    ).toEqual([])
    expect(await latestMail(existing.email)).toBeUndefined()
  })

  it('answers the browser preflight with CORS headers', async () => {
    const res = await fetch(`${stackInfo().apiUrl}/functions/v1/invite-team-member`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-client-info, apikey, content-type',
      },
    })
    expect(res.ok).toBe(true)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
  })
})
