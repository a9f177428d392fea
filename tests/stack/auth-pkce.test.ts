// PKCE (flowType 'pkce'): a link in a mail answers `?code=`, which only the browser that holds
// the code verifier can trade for a session. Denied paths: wrong verifier, used code, expired
// flow, bad challenge parameters.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { describe, expect, it } from 'vitest'
import { latestMail, signedInClient, sql, stackInfo, uniqueEmail } from '../support/clients.ts'

/** The test stack's site URL (supabase/local/stack.ts default): an allowed redirect target. */
const SITE = 'http://127.0.0.1:5173'
import { authFetch, codeIn, linkIn } from './auth-helpers.ts'

/** A supabase-js client in the PKCE flow, with a storage the test can read and change. */
function pkceClient(): { client: SupabaseClient; storage: Map<string, string> } {
  const storage = new Map<string, string>()
  const { apiUrl, anonKey } = stackInfo()
  const client = createClient(apiUrl, anonKey, {
    auth: {
      flowType: 'pkce',
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
    },
  })
  return { client, storage }
}

function verifierKey(storage: Map<string, string>): string {
  // The fixed key that auth-js reads when the redirect names no flow (exchangeCodeForSession(code)).
  const key = [...storage.keys()].find((k) => /-auth-token-code-verifier$/.test(k))
  if (!key) throw new Error('no code verifier stored')
  return key
}

/** The raw verifier (auth-js stores "verifier/PASSWORD_RECOVERY" for recovery). */
function verifierOf(storage: Map<string, string>): string {
  return JSON.parse(storage.get(verifierKey(storage))!).split('/')[0]
}

/** Opens the link from the mail as a browser would, and returns where it sends the person. */
async function openLink(link: string): Promise<URL> {
  const res = await fetch(link, { redirect: 'manual' })
  expect(res.status).toBe(303)
  return new URL(res.headers.get('location')!)
}

async function mailFor(email: string) {
  const mail = await latestMail(email)
  if (!mail) throw new Error(`no mail for ${email}`)
  return mail
}

describe('PKCE magic link', () => {
  it('answers ?code= for the link, trades it once for a session with the verifier', async () => {
    const email = uniqueEmail('pkce')
    const { client, storage } = pkceClient()
    const sent = await client.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: `${SITE}/inloggen?next=%2Fidee%2F1` },
    })
    expect(sent.error).toBeNull()
    const verifier = verifierOf(storage)
    const link = linkIn((await mailFor(email)).text)
    expect(new URL(link).searchParams.get('token')).toMatch(/^pkce_[0-9a-f]{56}$/)
    const [flow] = await sql(
      `select f.code_challenge_method::text as method, f.authentication_method
       from auth.flow_state f join auth.users u on u.id = f.user_id where u.email = $1`,
      [email],
    )
    expect(flow).toEqual({ method: 's256', authentication_method: 'magiclink' })

    const landed = await openLink(link)
    // No tokens in the URL: only the code, in the query, next to the app's own parameters.
    expect(landed.hash).toBe('')
    expect(landed.searchParams.get('next')).toBe('/idee/1')
    const code = landed.searchParams.get('code')!
    expect(code).toMatch(/^[0-9a-f-]{36}$/)

    const { data, error } = await client.auth.exchangeCodeForSession(code)
    expect(error).toBeNull()
    expect(data.user?.email).toBe(email)
    expect(data.user?.email_confirmed_at).toBeTruthy()
    expect((await client.auth.getUser()).data.user?.id).toBe(data.user?.id)

    // One use: the same code and verifier again find no flow state.
    const again = await authFetch('/token?grant_type=pkce', {
      body: { auth_code: code, code_verifier: verifier },
    })
    expect(again.status).toBe(404)
    expect(again.json).toMatchObject({
      code: 'flow_state_not_found',
      message: 'invalid flow state, no valid flow state found',
    })
  })

  it('refuses a wrong verifier (another browser) and keeps the code for the right one', async () => {
    const email = uniqueEmail('pkce-wrong')
    const { client, storage } = pkceClient()
    expect((await client.auth.signInWithOtp({ email })).error).toBeNull()
    const code = (await openLink(linkIn((await mailFor(email)).text))).searchParams.get('code')!

    const other = pkceClient()
    other.storage.set(verifierKey(storage), JSON.stringify('x'.repeat(56)))
    const denied = await other.client.auth.exchangeCodeForSession(code)
    expect(denied.error).toMatchObject({ status: 400, code: 'bad_code_verifier' })
    expect(denied.error?.message).toBe(
      'code challenge does not match previously saved code verifier',
    )
    expect(denied.data.session).toBeNull()

    // A browser without any verifier cannot even ask.
    const none = await pkceClient().client.auth.exchangeCodeForSession(code)
    expect(none.error?.name).toBe('AuthPKCECodeVerifierMissingError')

    const ok = await client.auth.exchangeCodeForSession(code)
    expect(ok.error).toBeNull()
    expect(ok.data.user?.email).toBe(email)
  })

  it('refuses an expired flow state with 422 flow_state_expired', async () => {
    const email = uniqueEmail('pkce-old')
    const { client } = pkceClient()
    expect((await client.auth.signInWithOtp({ email })).error).toBeNull()
    const code = (await openLink(linkIn((await mailFor(email)).text))).searchParams.get('code')!
    await sql(
      `update auth.flow_state set created_at = now() - interval '10 minutes',
         auth_code_issued_at = now() - interval '6 minutes' where auth_code = $1`,
      [code],
    )
    const { data, error } = await client.auth.exchangeCodeForSession(code)
    expect(error).toMatchObject({ status: 422, code: 'flow_state_expired' })
    expect(data.session).toBeNull()
  })

  it('still signs in with the typed code, whatever the flow', async () => {
    const email = uniqueEmail('pkce-code')
    const { client } = pkceClient()
    expect((await client.auth.signInWithOtp({ email })).error).toBeNull()
    const token = codeIn((await mailFor(email)).text)
    const { data, error } = await client.auth.verifyOtp({ email, token, type: 'email' })
    expect(error).toBeNull()
    expect(data.session?.access_token).toBeTruthy()
  })

  it('sends a used PKCE link back with the error in the query and the hash', async () => {
    const email = uniqueEmail('pkce-used')
    const { client } = pkceClient()
    expect((await client.auth.signInWithOtp({ email })).error).toBeNull()
    const link = linkIn((await mailFor(email)).text)
    const code = (await openLink(link)).searchParams.get('code')!
    expect((await client.auth.exchangeCodeForSession(code)).error).toBeNull()
    const second = await openLink(link)
    expect(second.searchParams.get('code')).toBeNull()
    expect(second.searchParams.get('error_code')).toBe('otp_expired')
    expect(new URLSearchParams(second.hash.slice(1)).get('error_code')).toBe('otp_expired')
    // The typed code of the same mail is spent too: one mail, one sign-in.
    const typed = await client.auth.verifyOtp({
      email,
      token: codeIn((await mailFor(email)).text),
      type: 'email',
    })
    expect(typed.error).toMatchObject({ status: 403, code: 'otp_expired' })
  })

  it('a link opened in another browser leaves the typed code working (unlike GoTrue)', async () => {
    const email = uniqueEmail('pkce-elsewhere')
    const { client } = pkceClient()
    expect((await client.auth.signInWithOtp({ email })).error).toBeNull()
    const mail = await mailFor(email)
    // A mail app's own browser opens the link: it gets an auth code it cannot use.
    const code = (await openLink(linkIn(mail.text))).searchParams.get('code')!
    const elsewhere = pkceClient()
    const denied = await elsewhere.client.auth.exchangeCodeForSession(code)
    expect(denied.error?.name).toBe('AuthPKCECodeVerifierMissingError')
    // The person types the code from the same mail instead.
    const typed = await elsewhere.client.auth.verifyOtp({
      email,
      token: codeIn(mail.text),
      type: 'email',
    })
    expect(typed.error).toBeNull()
    expect(typed.data.user?.email).toBe(email)
    // And the link's auth code is dead now, even with the right verifier.
    const late = await client.auth.exchangeCodeForSession(code)
    expect(late.error).toMatchObject({ status: 404, code: 'flow_state_not_found' })
  })
})

describe('PKCE on recovery and e-mail change', () => {
  it('recovery link gives a code; the session is a recovery session', async () => {
    const { email } = await signedInClient()
    const { client } = pkceClient()
    expect((await client.auth.resetPasswordForEmail(email)).error).toBeNull()
    const landed = await openLink(linkIn((await mailFor(email)).text))
    const { data, error } = await client.auth.exchangeCodeForSession(
      landed.searchParams.get('code')!,
    )
    expect(error).toBeNull()
    const amr = JSON.parse(
      Buffer.from(data.session!.access_token.split('.')[1], 'base64url').toString(),
    ).amr
    expect(amr[0].method).toBe('recovery')
    expect((await client.auth.updateUser({ password: 'a-brand-new-password' })).error).toBeNull()
  })

  it('e-mail change in the PKCE flow ends with a code for the new address', async () => {
    const { email, password } = await signedInClient()
    const { client } = pkceClient()
    expect((await client.auth.signInWithPassword({ email, password })).error).toBeNull()
    const newEmail = uniqueEmail('pkce-moved')
    expect((await client.auth.updateUser({ email: newEmail })).error).toBeNull()
    const first = await openLink(linkIn((await mailFor(email)).text))
    expect(first.searchParams.get('message')).toContain('Confirmation link accepted')
    const second = await openLink(linkIn((await mailFor(newEmail)).text))
    const { data, error } = await client.auth.exchangeCodeForSession(
      second.searchParams.get('code')!,
    )
    expect(error).toBeNull()
    expect(data.user?.email).toBe(newEmail)
  })
})

describe('PKCE parameters', () => {
  const challenge = 'a'.repeat(43)
  it.each([
    [{ code_challenge: challenge }, 'PKCE flow requires code_challenge_method and code_challenge'],
    [
      { code_challenge_method: 's256' },
      'PKCE flow requires code_challenge_method and code_challenge',
    ],
    [
      { code_challenge: 'short', code_challenge_method: 's256' },
      'code challenge has to be between 43 and 128 characters',
    ],
    [
      { code_challenge: `${challenge}!`, code_challenge_method: 's256' },
      'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes',
    ],
  ])('refuses %o on /otp, /signup and /recover, and sends nothing', async (params, message) => {
    const email = uniqueEmail('pkce-bad')
    for (const path of ['/otp', '/signup', '/recover']) {
      const res = await authFetch(path, {
        body: { email, password: 'long-enough-password', ...params },
      })
      expect(res.status, path).toBe(400)
      expect(res.json, path).toMatchObject({ code: 'validation_failed', message })
    }
    expect(await latestMail(email)).toBeUndefined()
    expect(await sql('select 1 from auth.users where email = $1', [email])).toHaveLength(0)
  })

  it('answers GoTrue errors for an empty or unknown auth code', async () => {
    const empty = await authFetch('/token?grant_type=pkce', { body: { auth_code: 'x' } })
    expect(empty.status).toBe(400)
    expect(empty.json).toMatchObject({
      code: 'validation_failed',
      message: 'invalid request: both auth code and code verifier should be non-empty',
    })
    const unknown = await authFetch('/token?grant_type=pkce', {
      body: { auth_code: crypto.randomUUID(), code_verifier: 'v'.repeat(50) },
    })
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ code: 'flow_state_not_found' })
  })
})
