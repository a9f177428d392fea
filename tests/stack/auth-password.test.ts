// Password sign-up and sign-in against the local Auth server, through supabase-js.
import { describe, expect, it } from 'vitest'
import { anonClient, signedInClient, sql, stackInfo, uniqueEmail } from '../support/clients.ts'
import { authFetch, decodeJwt } from './auth-helpers.ts'

describe('sign-up with a password', () => {
  it('creates a confirmed user with metadata and returns a session', async () => {
    const client = anonClient()
    const email = uniqueEmail('Signup').replace('signup', 'SignUp')
    const { data, error } = await client.auth.signUp({
      email,
      password: 'correct-horse-battery',
      options: { data: { display_name: 'Fatma' } },
    })
    expect(error).toBeNull()
    expect(data.session?.access_token).toBeTruthy()
    expect(data.session?.refresh_token).toMatch(/^[a-z2-7]{12}$/)
    expect(data.session?.expires_in).toBe(3600)
    const user = data.user!
    expect(user.email).toBe(email.toLowerCase())
    expect(user.email_confirmed_at).toBeTruthy()
    expect(user.user_metadata).toMatchObject({
      display_name: 'Fatma',
      email_verified: true,
      sub: user.id,
    })
    expect(user.app_metadata).toEqual({ provider: 'email', providers: ['email'] })
    expect(user.identities?.[0]).toMatchObject({ id: user.id, user_id: user.id, provider: 'email' })
    expect(user.role).toBe('authenticated')

    const [row] = await sql(
      'select encrypted_password, confirmation_token, recovery_token, email_change_token_new from auth.users where id = $1',
      [user.id],
    )
    expect(row.encrypted_password).toMatch(/^\$2[aby]\$10\$/)
    expect(row.confirmation_token).toBe('')
    expect(row.recovery_token).toBe('')

    const { payload, header } = decodeJwt(data.session!.access_token)
    // Signed with config.toml's signing key (tests/stack/signing-keys.test.ts has the rest).
    expect(header).toMatchObject({ alg: 'ES256', kid: stackInfo().jwks.keys[0].kid })
    expect(payload).toMatchObject({
      iss: `${stackInfo().apiUrl}/auth/v1`,
      sub: user.id,
      aud: 'authenticated',
      email: email.toLowerCase(),
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
      user_metadata: { display_name: 'Fatma' },
    })
    expect(payload.exp - payload.iat).toBe(3600)
    expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }])
    const [session] = await sql('select user_id from auth.sessions where id = $1', [
      payload.session_id,
    ])
    expect(session.user_id).toBe(user.id)
  })

  it('refuses an address that is already registered', async () => {
    const { email } = await signedInClient()
    const { data, error } = await anonClient().auth.signUp({
      email,
      password: 'another-password-1',
    })
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists' })
    expect(data.session).toBeNull()
  })

  it('refuses a password shorter than 8 characters with the weak_password reasons', async () => {
    const email = uniqueEmail()
    const { error } = await anonClient().auth.signUp({ email, password: 'short7!' })
    expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] })
    expect(await sql('select 1 from auth.users where email = $1', [email])).toHaveLength(0)
    // Exactly the minimum is fine.
    const ok = await anonClient().auth.signUp({ email, password: '12345678' })
    expect(ok.error).toBeNull()
  })

  it('refuses a missing password, a bad address and a password over 72 bytes', async () => {
    const client = anonClient()
    const cases = [
      { email: uniqueEmail(), password: '' },
      { email: 'not-an-address', password: 'correct-horse-battery' },
      { email: uniqueEmail(), password: 'x'.repeat(73) },
    ]
    for (const c of cases) {
      const { error } = await client.auth.signUp(c)
      expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
    }
  })
})

describe('sign-in with a password', () => {
  it('signs in with the right password and records the sign-in', async () => {
    const { email, password, userId } = await signedInClient()
    await sql('update auth.users set last_sign_in_at = null where id = $1', [userId])
    const client = anonClient()
    const { data, error } = await client.auth.signInWithPassword({
      email: email.toUpperCase(),
      password,
    })
    expect(error).toBeNull()
    expect(data.user?.id).toBe(userId)
    const [row] = await sql('select last_sign_in_at from auth.users where id = $1', [userId])
    expect(row.last_sign_in_at).toBeInstanceOf(Date)
    const sessions = await sql('select id from auth.sessions where user_id = $1', [userId])
    expect(sessions).toHaveLength(2)
  })

  it('signs in a seeded demo account, whose hash pgcrypto made', async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({
      email: 'bewoner@emmer.local',
      password: 'emmer-demo-2026',
    })
    expect(error).toBeNull()
    expect(data.user?.user_metadata.display_name).toBe('Sanne')
  })

  it('answers a wrong password and an unknown address in the same way', async () => {
    const { email } = await signedInClient()
    const wrong = await anonClient().auth.signInWithPassword({
      email,
      password: 'wrong-password-1',
    })
    const unknown = await anonClient().auth.signInWithPassword({
      email: uniqueEmail('nobody'),
      password: 'wrong-password-1',
    })
    for (const r of [wrong, unknown]) {
      expect(r.data.session).toBeNull()
      expect(r.error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      })
    }
    // Raw bodies are identical too: nothing tells the two apart.
    const a = await authFetch('/token?grant_type=password', {
      body: { email, password: 'nope-nope-1' },
    })
    const b = await authFetch('/token?grant_type=password', {
      body: { email: uniqueEmail(), password: 'nope-nope-1' },
    })
    expect(a.text).toBe(b.text)
    expect(a.headers.get('x-supabase-api-version')).toBe('2024-01-01')
  })

  it('pauses sign-ins for an address after 10 failures', async () => {
    const { email, password } = await signedInClient()
    const client = anonClient()
    for (let i = 0; i < 10; i++) {
      const { error } = await client.auth.signInWithPassword({
        email,
        password: `wrong-${i}-password`,
      })
      expect(error?.code).toBe('invalid_credentials')
    }
    const { error } = await client.auth.signInWithPassword({ email, password })
    expect(error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
  })

  it('refuses an unconfirmed and a banned user', async () => {
    const { email, password, userId } = await signedInClient()
    await sql('update auth.users set email_confirmed_at = null where id = $1', [userId])
    const unconfirmed = await anonClient().auth.signInWithPassword({ email, password })
    expect(unconfirmed.error).toMatchObject({ status: 400, code: 'email_not_confirmed' })
    await sql(
      `update auth.users set email_confirmed_at = now(), banned_until = now() + interval '1 day' where id = $1`,
      [userId],
    )
    const banned = await anonClient().auth.signInWithPassword({ email, password })
    expect(banned.error).toMatchObject({ status: 400, code: 'user_banned' })
  })
})
