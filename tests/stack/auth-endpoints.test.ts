// Auth endpoints the clients call besides sign-in: invites, reauthentication, identity linking
// (off), unknown grants, the admin API's metadata and paging, anonymous sign-ins (off here; on in
// a stack of its own). Each through supabase-js, with GoTrue's codes, messages and statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stack } from '../../supabase/local/stack.ts'
import {
  anonClient,
  latestMail,
  serviceClient,
  signedInClient,
  sql,
  uniqueEmail,
} from '../support/clients.ts'
import { startTestStack } from '../setup/stack.ts'
import { authFetch, clientsFor, codeIn, linkIn } from './auth-helpers.ts'

describe('invites', () => {
  it('creates the user, sets invited_at and mails a B1 invite whose link signs in', async () => {
    const email = uniqueEmail('invited')
    const { data, error } = await serviceClient().auth.admin.inviteUserByEmail(email, {
      data: { invited_as: 'moderator' },
      redirectTo: 'http://127.0.0.1:5173/inloggen',
    })
    expect(error).toBeNull()
    expect(data.user).toMatchObject({ email, user_metadata: { invited_as: 'moderator' } })
    expect(data.user?.invited_at).toBeTruthy()
    expect(data.user?.email_confirmed_at).toBeUndefined()

    const mail = (await latestMail(email))!
    expect(mail.subject).toBe('Je bent uitgenodigd voor Emmer')
    expect(mail.text).toContain('Daarna kies je de naam die anderen zien.')
    const link = new URL(linkIn(mail.text))
    expect(link.searchParams.get('type')).toBe('invite')

    const res = await fetch(link, { redirect: 'manual' })
    const landed = new URL(res.headers.get('location')!)
    expect(landed.pathname).toBe('/inloggen')
    const hash = new URLSearchParams(landed.hash.slice(1))
    expect(hash.get('type')).toBe('invite')
    const client = anonClient()
    const session = await client.auth.setSession({
      access_token: hash.get('access_token')!,
      refresh_token: hash.get('refresh_token')!,
    })
    expect(session.error).toBeNull()
    expect(session.data.user?.email_confirmed_at).toBeTruthy()
    expect(session.data.user?.user_metadata).toEqual({
      invited_as: 'moderator',
      email_verified: true,
    })
  })

  it('also accepts the invite as a typed code (verifyOtp type invite)', async () => {
    const email = uniqueEmail('invited-code')
    expect((await serviceClient().auth.admin.inviteUserByEmail(email)).error).toBeNull()
    const [row] = await sql<{ confirmation_token: string }>(
      'select confirmation_token from auth.users where email = $1',
      [email],
    )
    expect(row.confirmation_token).toMatch(/^[0-9a-f]{56}$/)
    // The mail carries only the link; the hash in it works as token_hash.
    const hash = new URL(linkIn((await latestMail(email))!.text)).searchParams.get('token')!
    const { data, error } = await anonClient().auth.verifyOtp({ token_hash: hash, type: 'invite' })
    expect(error).toBeNull()
    expect(data.user?.email).toBe(email)
  })

  it('refuses a confirmed address (422 email_exists) and anyone but the service role', async () => {
    const { email, client } = await signedInClient()
    const again = await serviceClient().auth.admin.inviteUserByEmail(email)
    expect(again.error).toMatchObject({ status: 422, code: 'email_exists' })

    const stranger = uniqueEmail('not-invited')
    const asUser = await client.auth.admin.inviteUserByEmail(stranger)
    expect(asUser.error).toMatchObject({ status: 403, code: 'not_admin' })
    const asAnon = await anonClient().auth.admin.inviteUserByEmail(stranger)
    expect(asAnon.error?.status).toBe(403)
    expect(await sql('select 1 from auth.users where email = $1', [stranger])).toHaveLength(0)
    expect(await latestMail(stranger)).toBeUndefined()
  })

  it('refuses an invalid address with validation_failed', async () => {
    const { error } = await serviceClient().auth.admin.inviteUserByEmail('not-an-address')
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
  })
})

describe('reauthenticate', () => {
  it('mails a nonce; without secure password change a password needs none', async () => {
    const { client, email } = await signedInClient()
    expect((await client.auth.reauthenticate()).error).toBeNull()
    const mail = (await latestMail(email))!
    expect(mail.subject).toBe('Je code om je wachtwoord te veranderen')
    expect(codeIn(mail.text)).toMatch(/^\d{6}$/)
    const [row] = await sql<{ reauthentication_token: string }>(
      'select reauthentication_token from auth.users where email = $1',
      [email],
    )
    expect(row.reauthentication_token).toMatch(/^[0-9a-f]{56}$/)
    expect((await client.auth.updateUser({ password: 'no-nonce-needed-here' })).error).toBeNull()
  })

  it('needs a signed-in person (the anon key has no sub: 403 bad_jwt)', async () => {
    const res = await authFetch('/reauthenticate')
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'bad_jwt' })
  })

  it('asks again within the mail interval: 429 over_email_send_rate_limit', async () => {
    const { client } = await signedInClient()
    expect((await client.auth.reauthenticate()).error).toBeNull()
    const second = await client.auth.reauthenticate()
    expect(second.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
  })
})

describe('identity linking (manual linking off)', () => {
  it('answers 404 manual_linking_disabled to a signed-in person, 403 to the anon key', async () => {
    const { client } = await signedInClient()
    const link = await client.auth.linkIdentity({ provider: 'github' })
    expect(link.error).toMatchObject({ status: 404, code: 'manual_linking_disabled' })
    expect(link.error?.message).toBe('Manual linking is disabled')

    const { data } = await client.auth.getUserIdentities()
    const identity = data!.identities[0]
    const unlink = await client.auth.unlinkIdentity(identity)
    expect(unlink.error).toMatchObject({ status: 404, code: 'manual_linking_disabled' })
    const [still] = await sql('select count(*)::int as n from auth.identities where id = $1', [
      identity.identity_id,
    ])
    expect(still.n).toBe(1)

    const anon = await authFetch('/user/identities/authorize?provider=github')
    expect(anon.status).toBe(403)
    expect(anon.json).toMatchObject({ code: 'bad_jwt' })
  })
})

describe('token grants', () => {
  it('answers unsupported_grant_type for an unknown grant', async () => {
    const res = await authFetch('/token?grant_type=client_credentials', { body: {} })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({
      code: 'invalid_credentials',
      message: 'unsupported_grant_type',
    })
  })

  it('answers GoTrue errors for id_token and web3 (no provider enabled)', async () => {
    const google = await anonClient().auth.signInWithIdToken({ provider: 'google', token: 'x.y.z' })
    expect(google.error).toMatchObject({ status: 400, code: 'provider_disabled' })
    expect(google.error?.message).toBe(
      'Provider (issuer "https://accounts.google.com") is not enabled',
    )
    const noToken = await authFetch('/token?grant_type=id_token', { body: { provider: 'google' } })
    expect(noToken.status).toBe(400)
    expect(noToken.json).toEqual({
      error: 'invalid request',
      error_description: 'id_token required',
    })
    const web3 = await authFetch('/token?grant_type=web3', { body: {} })
    expect(web3.status).toBe(422)
    expect(web3.json).toMatchObject({ code: 'web3_provider_disabled' })
  })
})

describe('admin metadata and paging', () => {
  it('createUser, updateUserById and generateLink keep user_metadata as given', async () => {
    const admin = serviceClient().auth.admin
    const email = uniqueEmail('as-given')
    const created = await admin.createUser({ email, user_metadata: { display_name: 'Anouk' } })
    expect(created.error).toBeNull()
    expect(created.data.user?.user_metadata).toEqual({ display_name: 'Anouk' })

    const updated = await admin.updateUserById(created.data.user!.id, {
      email: uniqueEmail('as-given-new'),
      user_metadata: { buurt: 'Erp' },
    })
    expect(updated.error).toBeNull()
    expect(updated.data.user?.user_metadata).toEqual({ display_name: 'Anouk', buurt: 'Erp' })

    const linked = await admin.generateLink({
      type: 'invite',
      email: uniqueEmail('as-given-link'),
      options: { data: { role_hint: 'partner' } },
    })
    expect(linked.error).toBeNull()
    expect(linked.data.user?.user_metadata).toEqual({ role_hint: 'partner' })
  })

  it('listUsers refuses a negative page as GoTrue does', async () => {
    const { data, error } = await serviceClient().auth.admin.listUsers({ page: -1, perPage: 10 })
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
    expect(error?.message).toBe(
      'Bad Pagination Parameters: strconv.ParseUint: parsing "-1": invalid syntax',
    )
    expect(data.users).toEqual([])
  })
})

describe('anonymous sign-ins', () => {
  it('are off by default: 422 anonymous_provider_disabled, no user made', async () => {
    const [before] = await sql<{ n: number }>(
      'select count(*)::int as n from auth.users where is_anonymous',
    )
    const { data, error } = await anonClient().auth.signInAnonymously()
    expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' })
    expect(data.session).toBeNull()
    const [after] = await sql<{ n: number }>(
      'select count(*)::int as n from auth.users where is_anonymous',
    )
    expect(after.n).toBe(before.n)
  })

  describe('with enableAnonymousSignIns and securePasswordChange on (a stack of its own)', () => {
    let stack: Stack
    beforeAll(async () => {
      stack = await startTestStack({
        auth: { enableAnonymousSignIns: true, securePasswordChange: true },
      })
    }, 120_000)

    it('a session older than 24 h changes the password only with the mailed nonce', async () => {
      const c = clientsFor(stack.info)
      const client = c.anon()
      const email = uniqueEmail('nonce')
      const signedUp = await client.auth.signUp({ email, password: 'first-password-1' })
      expect(signedUp.error).toBeNull()
      // A fresh session may change it without a nonce, as GoTrue's.
      expect((await client.auth.updateUser({ password: 'second-password-2' })).error).toBeNull()
      await c.sql(
        `update auth.sessions set created_at = now() - interval '25 hours' where user_id = $1`,
        [signedUp.data.user!.id],
      )
      const bare = await client.auth.updateUser({ password: 'third-password-3' })
      expect(bare.error).toMatchObject({ status: 400, code: 'reauthentication_needed' })
      expect((await client.auth.reauthenticate()).error).toBeNull()
      const nonce = codeIn((await c.latestMail(email))!.text)
      const wrong = String((Number(nonce) + 1) % 1_000_000).padStart(6, '0')
      const bad = await client.auth.updateUser({ password: 'third-password-3', nonce: wrong })
      expect(bad.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' })
      expect(bad.error?.message).toBe('Nonce has expired or is invalid')
      const ok = await client.auth.updateUser({ password: 'third-password-3', nonce })
      expect(ok.error).toBeNull()
      // Used up: the same nonce does not work twice.
      const reuse = await client.auth.updateUser({ password: 'fourth-password-4', nonce })
      expect(reuse.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' })
      const fresh = c.anon()
      const signIn = await fresh.auth.signInWithPassword({ email, password: 'third-password-3' })
      expect(signIn.error).toBeNull()
    })
    afterAll(() => stack?.stop())

    it('sign in without an address: is_anonymous, amr anonymous, metadata as given', async () => {
      const c = clientsFor(stack.info)
      const client = c.anon()
      const { data, error } = await client.auth.signInAnonymously({
        options: { data: { locale: 'ar' } },
      })
      expect(error).toBeNull()
      expect(data.user).toMatchObject({
        is_anonymous: true,
        email: '',
        user_metadata: { locale: 'ar' },
      })
      expect(data.user?.identities).toEqual([])
      const claims = JSON.parse(
        Buffer.from(data.session!.access_token.split('.')[1], 'base64url').toString(),
      )
      expect(claims).toMatchObject({ is_anonymous: true, role: 'authenticated' })
      expect(claims.amr[0].method).toBe('anonymous')
      expect((await client.auth.getUser()).data.user?.id).toBe(data.user?.id)
    })
  })
})
