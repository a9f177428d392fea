import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from '../../supabase/local/keys.ts'
import { migrationFiles } from '../../supabase/local/migrate.ts'
import WebSocket from 'ws'
import { signedInClient, sql, stackInfo } from '../support/clients.ts'

const api = (path: string) => `${stackInfo().apiUrl}${path}`
const secret = new TextEncoder().encode(JWT_SECRET)

describe('gateway', () => {
  it('refuses a request without an apikey, as Supabase does', async () => {
    const res = await fetch(api('/rest/v1/'))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ message: 'No API key found in request' })
  })

  it('refuses an apikey that is not a key of this project', async () => {
    const forged = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-that-is-at-least-32-chars'))
    for (const key of ['nonsense', forged]) {
      const res = await fetch(api('/rest/v1/'), { headers: { apikey: key } })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ message: 'Invalid API key' })
    }
  })

  it('takes only a project API key as apikey: no user token, no expired or foreign JWT', async () => {
    const { client } = await signedInClient()
    const userToken = (await client.auth.getSession()).data.session!.access_token
    const now = Math.floor(Date.now() / 1000)
    const expiredAnon = await new SignJWT({ role: 'anon', iss: 'supabase-demo' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(secret)
    const shortLived = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(now + 3600)
      .sign(secret)
    const random = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(crypto.getRandomValues(new Uint8Array(32)))
    const keys = { userToken, expiredAnon, shortLived, random }
    for (const [kind, key] of Object.entries(keys)) {
      for (const path of ['/rest/v1/ideas?select=id&limit=1', '/auth/v1/user']) {
        const res = await fetch(api(path), {
          headers: { apikey: key, authorization: `Bearer ${userToken}` },
        })
        expect(res.status, `${kind} on ${path}`).toBe(401)
        expect(await res.json(), `${kind} on ${path}`).toEqual({
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        })
      }
      const viaQuery = await fetch(api(`/rest/v1/ideas?select=id&limit=1&apikey=${key}`))
      expect(viaQuery.status, `${kind} as a query parameter`).toBe(401)
      const upgrade = await new Promise<number>((resolve) => {
        const ws = new WebSocket(
          `${api('/realtime/v1/websocket').replace(/^http/, 'ws')}?apikey=${key}&vsn=2.0.0`,
        )
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('open', () => {
          ws.close()
          resolve(101)
        })
        ws.on('error', () => undefined)
      })
      expect(upgrade, `${kind} on the Realtime websocket`).toBe(401)
    }
  })

  it('takes the anon and the service_role key, with a user token as authorization', async () => {
    const { client } = await signedInClient()
    const userToken = (await client.auth.getSession()).data.session!.access_token
    for (const key of [ANON_KEY, SERVICE_ROLE_KEY]) {
      const rest = await fetch(api('/rest/v1/ideas?select=id&limit=1'), {
        headers: { apikey: key },
      })
      expect(rest.status).toBe(200)
      const user = await fetch(api('/auth/v1/user'), {
        headers: { apikey: key, authorization: `Bearer ${userToken}` },
      })
      expect(user.status).toBe(200)
    }
  })

  it('passes a request with the anon key to PostgREST, also as a query parameter', async () => {
    const res = await fetch(api('/rest/v1/'), { headers: { apikey: ANON_KEY } })
    expect(res.status).toBe(200)
    const viaQuery = await fetch(api(`/rest/v1/?apikey=${ANON_KEY}`))
    expect(viaQuery.status).toBe(200)
  })

  it('answers CORS preflights for the headers supabase-js sends', async () => {
    const res = await fetch(api('/rest/v1/ideas'), {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const allowed = res.headers.get('access-control-allow-headers') ?? ''
    // supabase-js's own list (its cors.ts): postgrest-js adds x-retry-count when it retries a
    // read, and tracePropagation adds the W3C trace headers.
    for (const h of [
      'apikey',
      'authorization',
      'x-client-info',
      'content-type',
      'prefer',
      'x-retry-count',
      'traceparent',
      'tracestate',
      'baggage',
    ]) {
      expect(allowed.split(/,\s*/)).toContain(h)
    }
  })

  it('answers an unknown route with 404 and a JSON body', async () => {
    const res = await fetch(api('/nothing/here'), { headers: { apikey: ANON_KEY } })
    expect(res.status).toBe(404)
    expect(await res.json()).toHaveProperty('message')
  })

  it('refuses an oversized body with 413 and stays up', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024)
    const res = await fetch(api('/rest/v1/rpc/anything'), {
      method: 'POST',
      headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ big }),
    })
    expect(res.status).toBe(413)
    expect((await fetch(api('/rest/v1/'), { headers: { apikey: ANON_KEY } })).status).toBe(200)
  })

  it('lets PostgREST refuse malformed JSON with a 400', async () => {
    const res = await fetch(api('/rest/v1/rpc/anything'), {
      method: 'POST',
      headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
      body: '{"not json',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toHaveProperty('code')
  })

  it('refuses a tampered, an expired and an unsigned JWT at PostgREST', async () => {
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ role: 'authenticated', sub: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(secret)
    const [h, p] = ANON_KEY.split('.')
    const tamperedPayload = Buffer.from(
      JSON.stringify({ role: 'service_role', iss: 'supabase-demo', exp: 1983812996 }),
    ).toString('base64url')
    const tampered = `${h}.${tamperedPayload}.${ANON_KEY.split('.')[2]}`
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`
    for (const token of [expired, tampered, unsigned]) {
      const res = await fetch(api('/rest/v1/'), {
        headers: { apikey: ANON_KEY, authorization: `Bearer ${token}` },
      })
      expect(res.status).toBe(401)
    }
  })
})

describe('stack bootstrap', () => {
  it('uses the well-known local keys of supabase start', async () => {
    const { anonKey, serviceRoleKey, jwtSecret } = stackInfo()
    expect([anonKey, serviceRoleKey, jwtSecret]).toEqual([ANON_KEY, SERVICE_ROLE_KEY, JWT_SECRET])
  })

  it('records every migration where the Supabase CLI looks for them', async () => {
    const rows = await sql<{ version: string }>(
      'select version from supabase_migrations.schema_migrations order by version',
    )
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((m) => m.version))
  })

  it('defines auth.uid() so that an empty claim setting is not an error', async () => {
    const rows = await sql<{ uid: string | null }>(
      `select set_config('request.jwt.claims', '', true), auth.uid() as uid`,
    )
    expect(rows[0].uid).toBeNull()
  })

  it('has the supabase_realtime publication and the API roles', async () => {
    const pubs = await sql('select 1 from pg_publication where pubname = $1', ['supabase_realtime'])
    expect(pubs).toHaveLength(1)
    const roles = await sql<{ rolname: string }>(
      `select rolname from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by 1`,
    )
    expect(roles.map((r) => r.rolname)).toEqual([
      'anon',
      'authenticated',
      'authenticator',
      'service_role',
    ])
  })
})
