// The tunable parts of Auth, on a second Auth server over the same database, so the shared
// stack keeps its defaults. Plus the redirect allow list and concurrent refreshes.
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../../supabase/local/auth/index.ts'
import { createRedirectCheck } from '../../supabase/local/auth/redirect.ts'
import type { Mailer } from '../../supabase/local/mailbox.ts'
import { signedInClient, sql, stackInfo, uniqueEmail } from '../support/clients.ts'
import { authFetch, serveAuth } from './auth-helpers.ts'

let server: Awaited<ReturnType<typeof serveAuth>>
let pool: pg.Pool
let url: string

beforeAll(async () => {
  const { dbUrl, jwtSecret } = stackInfo()
  pool = new pg.Pool({ connectionString: dbUrl, max: 3 })
  const mailer: Mailer = { send: async () => undefined }
  const auth = createAuth({
    db: pool,
    jwtSecret,
    siteUrl: 'http://127.0.0.1:5173',
    redirectUrls: [],
    apiUrl: 'http://127.0.0.1:1',
    mailer,
    log: () => undefined,
    minPasswordLength: 6,
    jwtExpiry: 1,
    refreshTokenReuseInterval: 0,
  })
  server = await serveAuth(auth)
  url = server.url
})

afterAll(async () => {
  await server.close()
  await pool.end()
})

const tunedClient = () =>
  createClient(url, stackInfo().anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })

describe('tuned Auth server', () => {
  it('takes the configured minimum password length', async () => {
    const ok = await tunedClient().auth.signUp({ email: uniqueEmail('six'), password: '123456' })
    expect(ok.error).toBeNull()
    const weak = await tunedClient().auth.signUp({ email: uniqueEmail('five'), password: '12345' })
    expect(weak.error).toMatchObject({
      code: 'weak_password',
      message: 'Password should be at least 6 characters.',
    })
  })

  it('issues access tokens with the configured lifetime, refused once expired', async () => {
    const client = tunedClient()
    const { data } = await client.auth.signUp({ email: uniqueEmail('short'), password: '123456' })
    expect(data.session?.expires_in).toBe(1)
    const token = data.session!.access_token
    expect((await client.auth.getUser(token)).error).toBeNull()
    // Ask until Auth refuses the token, then check that this was after its expiry, not before.
    const exp = (
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
        exp: number
      }
    ).exp
    let refused = (await client.auth.getUser(token)).error
    const giveUp = Date.now() + 10_000
    while (!refused && Date.now() < giveUp) {
      await new Promise((r) => setTimeout(r, 100)) // the poll interval, not a guess at the expiry
      refused = (await client.auth.getUser(token)).error
    }
    expect(refused).toMatchObject({ status: 403, code: 'bad_jwt' })
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp)
  })

  it('without a reuse interval, any reuse of a rotated token ends the session', async () => {
    const client = tunedClient()
    const { data } = await client.auth.signUp({ email: uniqueEmail('reuse'), password: '123456' })
    const a = data.session!.refresh_token
    const b = await client.auth.refreshSession({ refresh_token: a })
    const c = await client.auth.refreshSession({ refresh_token: b.data.session!.refresh_token })
    expect(c.error).toBeNull()
    const reuse = await tunedClient().auth.refreshSession({ refresh_token: a })
    expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
    expect(
      await sql('select 1 from auth.sessions where user_id = $1', [data.user!.id]),
    ).toHaveLength(0)
  })
})

describe('refresh under contention', () => {
  it('two tabs refreshing the same token at once end up with the same new token', async () => {
    const { client } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.refresh_token
    const body = { refresh_token: token }
    const [x, y] = await Promise.all([
      authFetch('/token?grant_type=refresh_token', { body }),
      authFetch('/token?grant_type=refresh_token', { body }),
    ])
    expect([x.status, y.status]).toEqual([200, 200])
    expect(x.json.refresh_token).toBe(y.json.refresh_token)
  })
})

describe('redirect allow list', () => {
  const check = createRedirectCheck('http://127.0.0.1:5173', [
    'http://127.0.0.1:5173/**',
    'http://localhost:*/**',
    'https://*.emmer.nl/app',
  ])

  it('allows the site, the allow list and its globs', () => {
    for (const target of [
      'http://127.0.0.1:5173/ideeen/1',
      'http://localhost:4173/welkom',
      'https://buurt.emmer.nl/app',
    ]) {
      expect(check.resolve(target)).toBe(target)
    }
  })

  it('falls back to the site for anything else', () => {
    for (const target of [
      'https://evil.example/',
      'http://localhost.evil.example:80/x',
      'https://a.b.emmer.nl/app',
      // The glob's `*` matches `evil?x` as text; parsed, the host is `evil`.
      'https://evil?x.emmer.nl/app',
      'https://evil#x.emmer.nl/app',
      'javascript:alert(1)',
      'not a url',
      undefined,
    ]) {
      expect(check.resolve(target)).toBe('http://127.0.0.1:5173')
    }
  })
})
