// Guessing a 6-digit code, in either form of POST /verify or through GET /verify. On a private
// stack with the default limits: the shared test stack raises the per-IP verification limit,
// because every test file there comes from 127.0.0.1. Each test here sends from its own loopback
// address (127.0.0.x), so the per-IP limits of one test do not spill into the next.
import { request } from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GUESSING, resolveConfig } from '../../supabase/local/auth/config.ts'
import { tokenHash } from '../../supabase/local/auth/tokens.ts'
import type { Stack } from '../../supabase/local/stack.ts'
import { startTestStack } from '../setup/stack.ts'
import { uniqueEmail } from '../support/clients.ts'
import { clientsFor, codeIn, linkIn } from './auth-helpers.ts'

let stack: Stack

beforeAll(async () => {
  stack = await startTestStack()
}, 90_000)

afterAll(async () => {
  await stack?.stop()
})

/** A raw call to /auth/v1 from the given loopback address, with a deadline. */
function from(
  ip: string,
  path: string,
  body?: object,
  timeoutMs = 5000,
): Promise<{ status: number; json: Record<string, unknown>; location?: string }> {
  const { apiUrl, anonKey } = stack.info
  const url = new URL(`${apiUrl}/auth/v1${path}`)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: body ? 'POST' : 'GET',
        localAddress: ip,
        timeout: timeoutMs,
        headers: {
          apikey: anonKey,
          authorization: `Bearer ${anonKey}`,
          'x-supabase-api-version': '2024-01-01',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            location: res.headers.location,
          }),
        )
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body ? JSON.stringify(body) : undefined)
  })
}

/** A pending sign-up with a code in the mailbox: its address, code and link hash. */
async function pendingCode() {
  const { anon, latestMail } = clientsFor(stack.info)
  const email = uniqueEmail('guess')
  expect((await anon().auth.signInWithOtp({ email })).error).toBeNull()
  const text = (await latestMail(email))!.text
  const hash = new URL(linkIn(text)).searchParams.get('token')!
  return { email, code: codeIn(text), hash }
}

const wrongHash = (i: number) => tokenHash(`nobody-${i}@example.test`, '000000')

describe('guessing a code', () => {
  it('puts guessing a code out of reach within its lifetime (the arithmetic)', () => {
    const cfg = resolveConfig({} as never)
    const { perIp, perAddress } = GUESSING
    expect(perIp).toEqual({ max: 30, windowSeconds: 300 })
    expect(perAddress).toEqual({ max: 5, windowSeconds: 900 })
    const codes = 10 ** cfg.otpLength
    expect(cfg.tokenVerifications).toBe(perIp.max)
    // A sliding window fits lifetime / window + 1 full windows into a code's life, edges included.
    const windows = (w: number) => Math.floor(cfg.otpExpiry / w) + 1
    // Per IP, either form: 30 tries per 5 minutes for the 60 minutes a code lives.
    const perIpTries = perIp.max * windows(perIp.windowSeconds)
    expect(perIpTries).toBe(390)
    expect(perIpTries / codes).toBeLessThan(1 / 2500)
    // One address, typed codes: 5 wrong tries per 15 minutes.
    const perAddressTries = perAddress.max * windows(perAddress.windowSeconds)
    expect(perAddressTries).toBe(25)
    expect(perAddressTries / codes).toBeLessThanOrEqual(1 / 40_000)
  })

  it('refuses the 31st token_hash from one IP in 5 minutes, even the right one', async () => {
    const ip = '127.0.0.11'
    const { hash } = await pendingCode()
    for (let i = 0; i < 30; i++) {
      const res = await from(ip, '/verify', { token_hash: wrongHash(i), type: 'email' })
      expect(res).toMatchObject({ status: 403, json: { code: 'otp_expired' } })
    }
    const right = await from(ip, '/verify', { token_hash: hash, type: 'email' })
    expect(right).toMatchObject({ status: 429, json: { code: 'over_request_rate_limit' } })
    // The limit is per IP: the owner, elsewhere, still gets in.
    const owner = await from('127.0.0.12', '/verify', { token_hash: hash, type: 'email' })
    expect(owner.status).toBe(200)
  })

  it('counts both forms of POST /verify and the GET link against one budget per IP', async () => {
    const ip = '127.0.0.13'
    const { email, code, hash } = await pendingCode()
    for (let i = 0; i < 10; i++) {
      expect((await from(ip, '/verify', { token_hash: wrongHash(i), type: 'email' })).status).toBe(
        403,
      )
    }
    // Wrong codes for ten addresses: each stays under its own limit of 5.
    for (let i = 0; i < 10; i++) {
      const other = await from(ip, '/verify', {
        email: uniqueEmail('other'),
        token: '123456',
        type: 'email',
      })
      expect(other.status).toBe(403)
    }
    for (let i = 0; i < 10; i++) {
      const link = await from(ip, `/verify?token=${wrongHash(100 + i)}&type=magiclink`)
      expect(link.location).toMatch(/error_code=otp_expired/)
    }
    const typed = await from(ip, '/verify', { email, token: code, type: 'email' })
    expect(typed).toMatchObject({ status: 429, json: { code: 'over_request_rate_limit' } })
    const link = await from(ip, `/verify?token=${hash}&type=magiclink`)
    expect(link.location).toMatch(/error_code=over_request_rate_limit/)
    expect(link.location).not.toMatch(/access_token/)
  })

  it('refuses blank and whitespace tokens before asking the database', async () => {
    const ip = '127.0.0.14'
    // A user with empty code columns, locked: a lookup for an empty hash would wait for it.
    const holder = new pg.Client({ connectionString: stack.info.dbUrl })
    await holder.connect()
    try {
      const { anon } = clientsFor(stack.info)
      const { data } = await anon().auth.signUp({
        email: uniqueEmail('idle'),
        password: 'idle-password',
      })
      await holder.query('begin')
      await holder.query('select 1 from auth.users where id = $1 for update', [data.user!.id])
      for (const body of [
        { token_hash: ' ', type: 'magiclink' },
        { token_hash: '\t\n', type: 'email' },
        { token_hash: '', type: 'email' },
        { email: 'someone@example.test', token: ' ', type: 'email' },
        { email: 'someone@example.test', token: '      ', type: 'signup' },
      ]) {
        const res = await from(ip, '/verify', body, 3000)
        expect(res, JSON.stringify(body)).toMatchObject({
          status: 400,
          json: { code: 'validation_failed' },
        })
      }
      const link = await from(ip, '/verify?token=%20&type=magiclink', undefined, 3000)
      expect(link.location).toMatch(/error_code=validation_failed/)
    } finally {
      await holder.query('rollback').catch(() => undefined)
      await holder.end()
    }
  })
})
