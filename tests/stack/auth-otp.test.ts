// Sign-in by e-mail code and magic link, and the guards around codes.
import { describe, expect, it } from 'vitest'
import {
  anonClient,
  latestMail,
  signedInClient,
  sql,
  stackInfo,
  uniqueEmail,
} from '../support/clients.ts'
import { authFetch, codeIn, linkIn } from './auth-helpers.ts'

async function requestCode(email: string, options: { shouldCreateUser?: boolean } = {}) {
  const { error } = await anonClient().auth.signInWithOtp({ email, options })
  expect(error).toBeNull()
  const mail = await latestMail(email)
  if (!mail) throw new Error(`no mail for ${email}`)
  return mail
}

describe('e-mail code', () => {
  it('signs a new person in with the code from the mail (B1 Dutch)', async () => {
    const email = uniqueEmail('otp')
    const mail = await requestCode(email)
    expect(mail.subject).toBe('Je code voor Emmer')
    expect(mail.text).toContain(
      'De code werkt 1 uur. Heb je dit niet gevraagd? Dan hoef je niets te doen.',
    )
    const code = codeIn(mail.text)

    const [pending] = await sql(
      'select email_confirmed_at, confirmation_token, confirmation_sent_at from auth.users where email = $1',
      [email],
    )
    expect(pending.email_confirmed_at).toBeNull()
    expect(pending.confirmation_token).toMatch(/^[0-9a-f]{56}$/)
    expect(pending.confirmation_token).not.toContain(code)

    const client = anonClient()
    const { data, error } = await client.auth.verifyOtp({ email, token: code, type: 'email' })
    expect(error).toBeNull()
    expect(data.user?.email).toBe(email)
    expect(data.user?.email_confirmed_at).toBeTruthy()
    const { data: me } = await client.auth.getUser()
    expect(me.user?.id).toBe(data.user?.id)

    const [done] = await sql('select confirmation_token from auth.users where email = $1', [email])
    expect(done.confirmation_token).toBe('')
  })

  it('signs a confirmed person in with a login code kept in recovery_token', async () => {
    const { email, userId } = await signedInClient()
    const mail = await requestCode(email)
    const [row] = await sql(
      'select recovery_token, recovery_sent_at from auth.users where id = $1',
      [userId],
    )
    expect(row.recovery_token).toMatch(/^[0-9a-f]{56}$/)
    const { data, error } = await anonClient().auth.verifyOtp({
      email,
      token: codeIn(mail.text),
      type: 'email',
    })
    expect(error).toBeNull()
    expect(data.user?.id).toBe(userId)
  })

  it('refuses to create an account when shouldCreateUser is false', async () => {
    const email = uniqueEmail('nocreate')
    const { error } = await anonClient().auth.signInWithOtp({
      email,
      options: { shouldCreateUser: false },
    })
    expect(error).toMatchObject({ status: 422, code: 'otp_disabled' })
    expect(await sql('select 1 from auth.users where email = $1', [email])).toHaveLength(0)
    expect(await latestMail(email)).toBeUndefined()
  })

  it('refuses an expired code', async () => {
    const email = uniqueEmail('expired')
    const code = codeIn((await requestCode(email)).text)
    await sql(
      `update auth.users set confirmation_sent_at = now() - interval '3601 seconds' where email = $1`,
      [email],
    )
    const { data, error } = await anonClient().auth.verifyOtp({ email, token: code, type: 'email' })
    expect(error).toMatchObject({
      status: 403,
      code: 'otp_expired',
      message: 'Token has expired or is invalid',
    })
    expect(data.session).toBeNull()
  })

  it('accepts a code only once', async () => {
    const email = uniqueEmail('once')
    const code = codeIn((await requestCode(email)).text)
    const first = await anonClient().auth.verifyOtp({ email, token: code, type: 'email' })
    expect(first.error).toBeNull()
    const second = await anonClient().auth.verifyOtp({ email, token: code, type: 'email' })
    expect(second.error).toMatchObject({ status: 403, code: 'otp_expired' })
  })

  it('stops verifying an address after 5 wrong codes, even the right one', async () => {
    const email = uniqueEmail('guess')
    const code = codeIn((await requestCode(email)).text)
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')
    const client = anonClient()
    for (let i = 0; i < 5; i++) {
      const { error } = await client.auth.verifyOtp({ email, token: wrong(i), type: 'email' })
      expect(error).toMatchObject({ status: 403, code: 'otp_expired' })
    }
    const sixth = await client.auth.verifyOtp({ email, token: wrong(5), type: 'email' })
    expect(sixth.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    const right = await client.auth.verifyOtp({ email, token: code, type: 'email' })
    expect(right.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    // Another address is not affected.
    const other = uniqueEmail('guess-other')
    const otherCode = codeIn((await requestCode(other)).text)
    expect(
      (await client.auth.verifyOtp({ email: other, token: otherCode, type: 'email' })).error,
    ).toBeNull()
  })

  it('refuses a second code within 60 seconds, and sends again after', async () => {
    const email = uniqueEmail('resend')
    const first = await requestCode(email)
    const { error } = await anonClient().auth.signInWithOtp({ email })
    expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect((await latestMail(email))?.text).toBe(first.text)
    await sql(
      `update auth.users set confirmation_sent_at = now() - interval '61 seconds' where email = $1`,
      [email],
    )
    const again = await requestCode(email)
    expect(again.text).not.toBe(first.text)
    // The new code replaced the first one: the first no longer signs in, the new one does.
    const [firstCode, newCode] = [codeIn(first.text), codeIn(again.text)]
    if (firstCode !== newCode) {
      const stale = await anonClient().auth.verifyOtp({ email, token: firstCode, type: 'email' })
      expect(stale.data.session).toBeNull()
      expect(stale.error?.code).toBe('otp_expired')
    }
    const fresh = await anonClient().auth.verifyOtp({ email, token: newCode, type: 'email' })
    expect(fresh.error).toBeNull()
    expect(fresh.data.session?.user.email).toBe(email)
  })
})

describe('magic link', () => {
  it('redirects with a session in the hash that works for getUser', async () => {
    const { email, userId } = await signedInClient()
    const redirectTo = 'http://127.0.0.1:5173/welkom'
    const { error } = await anonClient().auth.signInWithOtp({
      email,
      options: { emailRedirectTo: redirectTo },
    })
    expect(error).toBeNull()
    const link = linkIn((await latestMail(email))!.text)
    expect(link.startsWith(`${stackInfo().apiUrl}/auth/v1/verify?token=`)).toBe(true)
    expect(new URL(link).searchParams.get('type')).toBe('magiclink')

    const res = await fetch(link, { redirect: 'manual' })
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    const [base, hash] = location.split('#')
    expect(base).toBe(redirectTo)
    const params = new URLSearchParams(hash)
    expect([...params.keys()]).toEqual([
      'access_token',
      'expires_at',
      'expires_in',
      'refresh_token',
      'sb',
      'token_type',
      'type',
    ])
    expect(params.get('type')).toBe('magiclink')
    expect(params.get('token_type')).toBe('bearer')

    const { data } = await anonClient().auth.getUser(params.get('access_token')!)
    expect(data.user?.id).toBe(userId)

    // The link works once.
    const again = await fetch(link, { redirect: 'manual' })
    const errorHash = new URLSearchParams(again.headers.get('location')!.split('#')[1])
    expect(errorHash.get('error')).toBe('access_denied')
    expect(errorHash.get('error_code')).toBe('otp_expired')
    expect([...errorHash.keys()]).toEqual(['error', 'error_code', 'error_description', 'sb'])
  })

  it('sends a link to a foreign site back to the site URL instead', async () => {
    const email = uniqueEmail('evil')
    const { error } = await anonClient().auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'https://evil.example/steal' },
    })
    expect(error).toBeNull()
    const link = linkIn((await latestMail(email))!.text)
    const forged = new URL(link)
    forged.searchParams.set('redirect_to', 'https://evil.example/steal')
    const res = await fetch(forged, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')!.startsWith('http://127.0.0.1:5173#access_token=')).toBe(
      true,
    )
  })

  it('verifies a token_hash from the link through verifyOtp', async () => {
    const email = uniqueEmail('hash')
    await requestCode(email)
    const tokenHash = new URL(linkIn((await latestMail(email))!.text)).searchParams.get('token')!
    const bad = await anonClient().auth.verifyOtp({ token_hash: 'f'.repeat(56), type: 'magiclink' })
    expect(bad.error).toMatchObject({
      status: 403,
      code: 'otp_expired',
      message: 'Email link is invalid or has expired',
    })
    const { data, error } = await anonClient().auth.verifyOtp({
      token_hash: tokenHash,
      type: 'magiclink',
    })
    expect(error).toBeNull()
    expect(data.user?.email).toBe(email)
  })
})

describe('password recovery', () => {
  it('answers known and unknown addresses alike, and mails only the known one', async () => {
    const { email, userId } = await signedInClient()
    const unknown = uniqueEmail('unknown')
    const known = await anonClient().auth.resetPasswordForEmail(email)
    const notKnown = await anonClient().auth.resetPasswordForEmail(unknown)
    expect(known.error).toBeNull()
    expect(notKnown.error).toBeNull()
    expect(known.data).toEqual(notKnown.data)
    expect(await latestMail(unknown)).toBeUndefined()
    const mail = (await latestMail(email))!
    expect(mail.subject).toBe('Nieuw wachtwoord voor Emmer')

    const client = anonClient()
    const { error } = await client.auth.verifyOtp({
      email,
      token: codeIn(mail.text),
      type: 'recovery',
    })
    expect(error).toBeNull()
    expect((await client.auth.updateUser({ password: 'a-brand-new-password' })).error).toBeNull()
    const signIn = await anonClient().auth.signInWithPassword({
      email,
      password: 'a-brand-new-password',
    })
    expect(signIn.data.user?.id).toBe(userId)
  })

  it('sends no second recovery mail within 60 seconds, still answering 200', async () => {
    const { email } = await signedInClient()
    await anonClient().auth.resetPasswordForEmail(email)
    const first = await latestMail(email)
    const repeat = await authFetch('/recover', { body: { email } })
    expect(repeat.status).toBe(200)
    expect(repeat.json).toEqual({})
    expect(await latestMail(email)).toEqual(first)
  })
})

describe('resend', () => {
  it('sends a fresh code for a pending sign-up, and nothing for a confirmed account', async () => {
    const email = uniqueEmail('pending')
    const first = await requestCode(email)
    await sql(
      `update auth.users set confirmation_sent_at = now() - interval '61 seconds' where email = $1`,
      [email],
    )
    expect((await anonClient().auth.resend({ type: 'signup', email })).error).toBeNull()
    const second = (await latestMail(email))!
    expect(second.text).not.toBe(first.text)
    // The old code no longer works, the new one does.
    const old = await anonClient().auth.verifyOtp({
      email,
      token: codeIn(first.text),
      type: 'email',
    })
    expect(old.error?.code).toBe('otp_expired')
    const ok = await anonClient().auth.verifyOtp({
      email,
      token: codeIn(second.text),
      type: 'signup',
    })
    expect(ok.error).toBeNull()

    const { email: confirmed } = await signedInClient()
    expect((await anonClient().auth.resend({ type: 'signup', email: confirmed })).error).toBeNull()
    expect(await latestMail(confirmed)).toBeUndefined()
  })
})
