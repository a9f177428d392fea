// Auth abuse across the services: forged, expired and `alg: none` tokens are refused by PostgREST,
// Auth and Realtime alike; sign-in, code and recovery requests do not tell known addresses from
// unknown ones, neither in the answer nor in the time it takes; password rules hold.
import { createClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { anonClient, signedInClient, sql, stackInfo, uniqueEmail } from '../support/clients.ts'
import { median } from '../../bench/lib.ts'
import { MAIL_ANSWER_FLOOR_MS } from '../../supabase/local/auth/config.ts'
import { authFetch } from '../stack/auth-helpers.ts'

const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')

async function sign(claims: Record<string, unknown>, secret: string, exp: number) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret))
}

/** A real session's token and, from it, every kind of forgery. */
async function forgeries() {
  const { client, userId } = await signedInClient()
  const token = (await client.auth.getSession()).data.session!.access_token
  const [h, p, s] = token.split('.')
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
  const now = Math.floor(Date.now() / 1000)
  return {
    userId,
    real: token,
    bad: {
      'role changed to service_role': `${h}.${enc({ ...payload, role: 'service_role' })}.${s}`,
      'sub changed to someone else': `${h}.${enc({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })}.${s}`,
      expired: await sign(payload, stackInfo().jwtSecret, now - 60),
      "alg 'none'": `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...payload, role: 'service_role' })}.`,
      'signed with another secret': await sign(
        { ...payload, role: 'service_role' },
        'another-secret-of-at-least-32-characters!!',
        now + 600,
      ),
      'not a JWT': 'not.a.jwt',
    } as Record<string, string>,
  }
}

async function restWith(token: string) {
  const { apiUrl, anonKey } = stackInfo()
  const res = await fetch(`${apiUrl}/rest/v1/notifications?select=id`, {
    headers: { apikey: anonKey, authorization: `Bearer ${token}` },
  })
  return { status: res.status, body: await res.text() }
}

async function authUserWith(token: string) {
  const { apiUrl, anonKey } = stackInfo()
  const res = await fetch(`${apiUrl}/auth/v1/user`, {
    headers: { apikey: anonKey, authorization: `Bearer ${token}` },
  })
  return res.status
}

/** Joins a channel with the token; resolves with the status the client ends up in. */
async function realtimeJoin(token: string): Promise<string> {
  const { apiUrl, anonKey } = stackInfo()
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  await client.realtime.setAuth(token)
  try {
    return await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('no answer'), 8000)
      client
        .channel(`abuse-${Math.random()}`)
        .on(
          'postgres_changes' as never,
          { event: '*', schema: 'public', table: 'notifications' },
          () => undefined,
        )
        .subscribe((status, err) => {
          if (status === 'SUBSCRIBED' || status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
            clearTimeout(timer)
            resolve(status === 'CHANNEL_ERROR' ? `CHANNEL_ERROR ${err?.message ?? ''}` : status)
          }
        })
    })
  } finally {
    await client.removeAllChannels()
    client.realtime.disconnect()
  }
}

describe('forged tokens are refused everywhere', () => {
  it('PostgREST, Auth and Realtime accept the real token and refuse every forgery', async () => {
    const { real, bad } = await forgeries()
    expect((await restWith(real)).status).toBe(200)
    expect(await authUserWith(real)).toBe(200)
    expect(await realtimeJoin(real)).toBe('SUBSCRIBED')
    for (const [kind, token] of Object.entries(bad)) {
      const rest = await restWith(token)
      expect(rest.status, `PostgREST, ${kind}: ${rest.body}`).toBe(401)
      expect(await authUserWith(token), `Auth, ${kind}`).toBe(403)
      expect(await realtimeJoin(token), `Realtime, ${kind}`).toMatch(/^CHANNEL_ERROR/)
    }
  })

  it('refuses a forged key in place of the anon key at the gateway', async () => {
    const { apiUrl, anonKey } = stackInfo()
    const [h, p, s] = anonKey.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    const forged = `${h}.${enc({ ...payload, role: 'service_role' })}.${s}`
    for (const key of [
      forged,
      `${enc({ alg: 'none' })}.${enc({ ...payload, role: 'service_role' })}.`,
    ]) {
      const res = await fetch(`${apiUrl}/rest/v1/profiles?select=id`, { headers: { apikey: key } })
      expect(res.status).toBe(401)
    }
  })
})

/** A confirmed account made straight in the database, so no sign-up mail or limit is involved. */
async function confirmedAddress() {
  const email = uniqueEmail('known')
  await sql(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
             extensions.crypt('the-right-password', extensions.gen_salt('bf', 10)), now(),
             '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
    [email],
  )
  return email
}

describe('no user enumeration', () => {
  /** Runs `fn` for fresh known and unknown addresses, alternating, and returns answers and times. */
  async function compare(
    samples: number,
    known: () => Promise<string>,
    fn: (email: string) => Promise<unknown>,
  ) {
    const out = { known: [] as number[], unknown: [] as number[], answers: new Set<string>() }
    for (let i = 0; i < samples; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const email = kind === 'known' ? await known() : uniqueEmail('nobody')
        const t0 = performance.now()
        const answer = await fn(email)
        out[kind].push(performance.now() - t0)
        out.answers.add(JSON.stringify(answer))
      }
    }
    return out
  }
  /** Similar timing: the medians differ by less than half the larger one, or by under 15 ms. */
  function expectSimilar(t: { known: number[]; unknown: number[] }) {
    const [a, b] = [median(t.known), median(t.unknown)]
    const detail = `known ${a.toFixed(1)} ms vs unknown ${b.toFixed(1)} ms`
    expect(Math.abs(a - b) < 15 || Math.abs(a - b) < 0.5 * Math.max(a, b), detail).toBe(true)
  }

  it('answers a wrong password for a known address like any password for an unknown one, in similar time', async () => {
    const r = await compare(6, confirmedAddress, async (email) => {
      const { error } = await anonClient().auth.signInWithPassword({
        email,
        password: 'a-wrong-password',
      })
      return { status: error?.status, code: error?.code, message: error?.message }
    })
    expect([...r.answers]).toEqual([
      JSON.stringify({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      }),
    ])
    expectSimilar(r)
  })

  it('answers a code request and a recovery request alike for known and unknown addresses', async () => {
    const otp = await compare(
      9,
      confirmedAddress,
      async (email) => (await anonClient().auth.signInWithOtp({ email })).error,
    )
    expect([...otp.answers]).toEqual(['null'])
    expectSimilar(otp)
    const recovery = await compare(
      9,
      confirmedAddress,
      async (email) => (await anonClient().auth.resetPasswordForEmail(email)).error,
    )
    expect([...recovery.answers]).toEqual(['null'])
    expectSimilar(recovery)
  })
})

describe('resend and recovery answer alike, no sooner than the floor', () => {
  /** Status, body and time of one raw call. */
  async function timed(path: string, body: object) {
    const t0 = performance.now()
    const res = await authFetch(path, { body })
    return { answer: { status: res.status, json: res.json }, ms: performance.now() - t0 }
  }

  it('answers /resend the same for unknown, pending and confirmed addresses', async () => {
    // A sign-up whose code went out a moment ago, and an e-mail change that is waiting.
    const pending = uniqueEmail('pending')
    expect((await anonClient().auth.signInWithOtp({ email: pending })).error).toBeNull()
    const mover = await signedInClient()
    const moving = uniqueEmail('moving')
    expect((await mover.client.auth.updateUser({ email: moving })).error).toBeNull()
    const confirmed = await confirmedAddress()
    const cases = {
      signup: [uniqueEmail('nobody'), pending, confirmed],
      email_change: [uniqueEmail('nobody'), moving, mover.email, confirmed],
    }
    for (const [type, emails] of Object.entries(cases)) {
      for (const email of emails) {
        const { answer, ms } = await timed('/resend', { type, email })
        expect(answer, `${type} ${email}`).toEqual({ status: 200, json: {} })
        expect(ms, `${type} ${email}`).toBeGreaterThanOrEqual(MAIL_ANSWER_FLOOR_MS - 5)
      }
    }
  })

  it('answers /recover the same for known and unknown addresses, no sooner than the floor', async () => {
    for (const email of [await confirmedAddress(), uniqueEmail('nobody')]) {
      for (let i = 0; i < 2; i++) {
        const { answer, ms } = await timed('/recover', { email })
        expect(answer).toEqual({ status: 200, json: {} })
        expect(ms).toBeGreaterThanOrEqual(MAIL_ANSWER_FLOOR_MS - 5)
      }
    }
  })
})

describe('password rules', () => {
  it('refuses short, missing and over-long passwords at sign-up and at a change', async () => {
    for (const password of ['', 'kort', '1234567', 'x'.repeat(73)]) {
      const { data, error } = await anonClient().auth.signUp({
        email: uniqueEmail('weak'),
        password,
      })
      expect(error?.status, `sign-up with ${password.length} characters`).toBeGreaterThanOrEqual(
        400,
      )
      expect(error?.status).toBeLessThan(500)
      expect(data.session).toBeNull()
    }
    const { client } = await signedInClient()
    const change = await client.auth.updateUser({ password: 'kort' })
    expect(change.error).toMatchObject({ status: 422, code: 'weak_password' })
  })
})
