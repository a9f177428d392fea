// supabase/config.toml is the one source of settings: a stack started with another file behaves
// as that file says, through supabase-js. One private stack runs with a changed copy of Emmer's
// file; the per-IP limits are proved on a second Auth server built from a file the same way
// (stack.ts: createAuth(authOptionsFrom(loadConfig(path)))), so they do not block the rest.
import { createClient } from '@supabase/supabase-js'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeProtectedHeader } from 'jose'
import pg from 'pg'
import { parse, stringify } from 'smol-toml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authOptionsFrom, unsupportedAuthSettings } from '../../supabase/local/auth/config.ts'
import { createAuth } from '../../supabase/local/auth/index.ts'
import {
  DEFAULT_CONFIG_PATH,
  functionVerifiesJwt,
  loadConfig,
} from '../../supabase/local/config.ts'
import type { OutgoingMail } from '../../supabase/local/mailbox.ts'
import { repoRoot } from '../../supabase/local/migrate.ts'
import type { Stack } from '../../supabase/local/stack.ts'
import { startTestStack } from '../setup/stack.ts'
import { stackInfo, uniqueEmail } from '../support/clients.ts'
import { serveAuth } from './auth-helpers.ts'

type Table = Record<string, unknown>
const dir = mkdtempSync(join(tmpdir(), 'emmer-config-'))

/** Emmer's config.toml with `change` applied, written to a temp file; returns its path. */
function configWith(name: string, change: (c: Table) => void): string {
  const config = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Table & { auth: Table }
  const auth = config.auth as Table & { email: Table & { template: Record<string, Table> } }
  // The copy lives elsewhere: paths become absolute.
  for (const t of Object.values(auth.email.template)) {
    t.content_path = join(repoRoot, String(t.content_path))
  }
  const seed = (config.db as Table).seed as Table
  seed.sql_paths = (seed.sql_paths as string[]).map((p) => join(repoRoot, 'supabase', p))
  change(config)
  const path = join(dir, `${name}.toml`)
  writeFileSync(path, stringify(config))
  return path
}

const TEMPLATE = join(dir, 'magic.html')
const EXTRA_SEED = join(dir, 'extra-seed.sql')
let stack: Stack
let client: () => ReturnType<typeof createClient>

beforeAll(async () => {
  writeFileSync(
    TEMPLATE,
    '<p>Testcode {{ .Token }} voor {{ .Email }}</p><p><a href="{{ .ConfirmationURL }}">Log in</a></p>',
  )
  writeFileSync(
    EXTRA_SEED,
    `insert into public.themes (slug, position) values ('from-config-seed', 950);`,
  )
  const path = configWith('changed', (c) => {
    const auth = c.auth as Table & { email: Table & { template: Record<string, Table> } }
    delete auth.signing_keys_path
    auth.site_url = 'http://127.0.0.1:6111'
    auth.additional_redirect_urls = ['http://allowed.example/**']
    auth.jwt_expiry = 120
    auth.minimum_password_length = 10
    auth.enable_anonymous_sign_ins = true
    auth.email.enable_confirmations = true
    auth.email.otp_length = 8
    auth.email.otp_expiry = 600
    auth.email.max_frequency = '1m30s'
    auth.email.template.magic_link = { subject: 'Testonderwerp', content_path: TEMPLATE }
    ;((auth.mfa as Table).totp as Table).enroll_enabled = false
    const seed = (c.db as Table).seed as Table
    seed.sql_paths = [...(seed.sql_paths as string[]), EXTRA_SEED]
  })
  stack = await startTestStack({ configPath: path })
  client = () =>
    createClient(stack.info.apiUrl, stack.info.publishableKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const password = 'long-enough-pw'

describe('a stack started with another config.toml', () => {
  it('minimum_password_length', async () => {
    const weak = await client().auth.signUp({ email: uniqueEmail(), password: '123456789' })
    expect(weak.error).toMatchObject({
      code: 'weak_password',
      message: 'Password should be at least 10 characters.',
    })
    expect((await client().auth.signUp({ email: uniqueEmail(), password })).error).toBeNull()
  })

  it('enable_confirmations: a sign-up waits for the code from the mail', async () => {
    const { data, error } = await client().auth.signUp({ email: uniqueEmail(), password })
    expect(error).toBeNull()
    expect(data.session).toBeNull()
    const settings = await fetch(`${stack.info.apiUrl}/auth/v1/settings`, {
      headers: { apikey: stack.info.publishableKey },
    })
    expect(await settings.json()).toMatchObject({
      mailer_autoconfirm: false,
      external: { anonymous_users: true },
    })
  })

  it('otp_length, otp_expiry, the template and subject, jwt_expiry, HS256 without signing keys', async () => {
    const email = uniqueEmail('eight')
    const c = client()
    expect((await c.auth.signInWithOtp({ email })).error).toBeNull()
    const mail = stack.mailbox.list(email)[0]
    expect(mail.subject).toBe('Testonderwerp')
    const code = /Testcode (\d+) voor/.exec(mail.html ?? '')?.[1]
    expect(code).toMatch(/^\d{8}$/)
    expect(mail.html).toContain(`voor ${email}`)
    const { data, error } = await c.auth.verifyOtp({ email, token: code!, type: 'email' })
    expect(error).toBeNull()
    expect(data.session!.expires_in).toBe(120)
    expect(decodeProtectedHeader(data.session!.access_token)).toMatchObject({ alg: 'HS256' })
    const jwks = await fetch(`${stack.info.apiUrl}/auth/v1/.well-known/jwks.json`, {
      headers: { apikey: stack.info.publishableKey },
    })
    expect(await jwks.json()).toEqual({ keys: [] })

    // otp_expiry = 600: a code mailed 11 minutes ago no longer works (with the default 3600 it would).
    const late = uniqueEmail('late')
    await c.auth.signInWithOtp({ email: late })
    const lateCode = /Testcode (\d+) voor/.exec(stack.mailbox.list(late)[0].html ?? '')![1]
    const db = new pg.Client({ connectionString: stack.info.dbUrl })
    await db.connect()
    await db.query(
      `update auth.users set confirmation_sent_at = now() - interval '11 minutes',
              recovery_sent_at = now() - interval '11 minutes' where email = $1`,
      [late],
    )
    await db.end()
    const expired = await c.auth.verifyOtp({ email: late, token: lateCode, type: 'email' })
    expect(expired.error).toMatchObject({ code: 'otp_expired' })
  })

  it('max_frequency: a second code within 90 seconds is refused', async () => {
    const email = uniqueEmail('freq')
    expect((await client().auth.signInWithOtp({ email })).error).toBeNull()
    const again = await client().auth.signInWithOtp({ email })
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    const seconds = Number(/after (\d+) seconds/.exec(again.error!.message)?.[1])
    expect(seconds).toBeGreaterThan(60)
    expect(seconds).toBeLessThanOrEqual(90)
  })

  it('site_url and additional_redirect_urls decide where a mail link may lead', async () => {
    const targets = {
      'http://allowed.example/welkom': 'http://allowed.example/welkom',
      'http://127.0.0.1:6111/idee': 'http://127.0.0.1:6111/idee',
      // Emmer's own redirect list does not apply to this file.
      'http://localhost:5173/': 'http://127.0.0.1:6111',
    }
    for (const [asked, expected] of Object.entries(targets)) {
      const email = uniqueEmail('redirect')
      await client().auth.signInWithOtp({ email, options: { emailRedirectTo: asked } })
      const link = /http\S+\/auth\/v1\/verify\S+/.exec(stack.mailbox.list(email)[0].text)![0]
      expect(new URL(link).searchParams.get('redirect_to')).toBe(expected)
    }
  })

  it('[auth.mfa.totp] enroll_enabled = false', async () => {
    const c = client()
    const email = uniqueEmail('mfa')
    await c.auth.signInWithOtp({ email })
    const code = /Testcode (\d+) voor/.exec(stack.mailbox.list(email)[0].html ?? '')![1]
    expect((await c.auth.verifyOtp({ email, token: code, type: 'email' })).error).toBeNull()
    const { error } = await c.auth.mfa.enroll({ factorType: 'totp' })
    expect(error).toMatchObject({ code: 'mfa_totp_enroll_not_enabled' })
  })

  it('[db.seed] sql_paths', async () => {
    const { data } = await client().from('themes').select('slug').eq('slug', 'from-config-seed')
    expect(data).toEqual([{ slug: 'from-config-seed' }])
  })
})

describe('per-IP limits from the file (sign_in_sign_ups, email_sent)', () => {
  let server: Awaited<ReturnType<typeof serveAuth>>
  let pool: pg.Pool
  let url: string
  const sent: OutgoingMail[] = []

  beforeAll(async () => {
    const path = configWith('limits', (c) => {
      const rate = (c.auth as Table).rate_limit as Table
      rate.sign_in_sign_ups = 3
      rate.email_sent = 2
      ;((c.auth as Table).email as Table).max_frequency = '0s'
    })
    pool = new pg.Pool({ connectionString: stackInfo().dbUrl, max: 3 })
    const auth = createAuth({
      ...authOptionsFrom(loadConfig(path)),
      db: pool,
      jwtSecret: stackInfo().jwtSecret,
      apiUrl: 'http://127.0.0.1:1',
      mailer: { send: async (m) => void sent.push(m) },
      log: () => undefined,
    })
    server = await serveAuth(auth)
    url = server.url
  })

  afterAll(async () => {
    await server.close()
    await pool.end()
  })

  const limited = () =>
    createClient(url, stackInfo().publishableKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    })

  it('sign_in_sign_ups = 3: the fourth sign-up or sign-in from one IP gets 429', async () => {
    const email = uniqueEmail('limit')
    expect((await limited().auth.signUp({ email, password })).error).toBeNull()
    for (let i = 0; i < 2; i++) {
      const wrong = await limited().auth.signInWithPassword({ email, password: 'wrong-password' })
      expect(wrong.error).toMatchObject({ code: 'invalid_credentials' })
    }
    const fourth = await limited().auth.signInWithPassword({ email, password })
    expect(fourth.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
  })

  it('email_sent = 2: the third mail of the hour is refused', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await limited().auth.signInWithOtp({ email: uniqueEmail('mail') })).error).toBeNull()
    }
    const third = await limited().auth.signInWithOtp({ email: uniqueEmail('mail') })
    expect(third.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect(sent).toHaveLength(2)
  })
})

describe('reading the file', () => {
  it("Emmer's file: the app's settings, and production values in [remotes.production]", () => {
    const local = loadConfig()
    expect(local.auth).toMatchObject({
      siteUrl: 'http://127.0.0.1:5173',
      minimumPasswordLength: 8,
      enableAnonymousSignIns: false,
      email: { enableConfirmations: false, doubleConfirmChanges: true, maxFrequency: 60 },
      mfa: { totp: { enrollEnabled: true, verifyEnabled: true } },
    })
    expect(local.auth.signingKeysPath).toBe(join(repoRoot, 'supabase', 'signing_keys.json'))
    const production = loadConfig(DEFAULT_CONFIG_PATH, 'production')
    expect(production.auth.email.enableConfirmations).toBe(true)
    expect(production.auth.siteUrl).toMatch(/^https:\/\//)
    expect(production.auth.additionalRedirectUrls.every((u) => u.startsWith('https://'))).toBe(true)
    // Everything else stays as the base says.
    expect(production.auth.minimumPasswordLength).toBe(8)
  })

  it('takes the CLI defaults for what a file leaves out', () => {
    const path = join(dir, 'empty.toml')
    writeFileSync(path, 'project_id = "empty"\n')
    const config = loadConfig(path)
    expect(config.auth).toMatchObject({
      siteUrl: 'http://127.0.0.1:3000',
      jwtExpiry: 3600,
      minimumPasswordLength: 6,
      signingKeysPath: undefined,
      email: { otpLength: 6, otpExpiry: 3600, maxFrequency: 1, enableConfirmations: false },
      rateLimit: { emailSent: 2, signInSignUps: 30, tokenVerifications: 30 },
      mfa: { totp: { enrollEnabled: false, verifyEnabled: false } },
    })
  })

  it('[functions.<name>] verify_jwt, true unless the file says false', () => {
    const path = join(dir, 'functions.toml')
    writeFileSync(path, '[functions.open]\nverify_jwt = false\n\n[functions.closed]\n')
    const config = loadConfig(path)
    expect(functionVerifiesJwt(config, 'open')).toBe(false)
    expect(functionVerifiesJwt(config, 'closed')).toBe(true)
    expect(functionVerifiesJwt(config, 'unnamed')).toBe(true)
  })

  it('refuses values hosted refuses, and settings this stack does not build', () => {
    const bad = (body: string) => {
      const path = join(dir, `bad-${Math.random()}.toml`)
      writeFileSync(path, body)
      return () => loadConfig(path)
    }
    expect(bad('[auth]\nminimum_password_length = 4\n')).toThrow(/at least 6/)
    expect(bad('[auth]\njwt_expiry = "1h"\n')).toThrow(/jwt_expiry must be a whole number/)
    expect(bad('[auth.email]\nmax_frequency = "soon"\n')).toThrow(/max_frequency must be/)
    expect(bad('[auth.email.template.recovery]\ncontent_path = "./nope.html"\n')).toThrow(
      /not found/,
    )
    const path = join(dir, 'single.toml')
    writeFileSync(path, '[auth.email]\ndouble_confirm_changes = false\n')
    expect(unsupportedAuthSettings(loadConfig(path))).toEqual([
      '[auth.email] double_confirm_changes = false',
    ])
  })
})
