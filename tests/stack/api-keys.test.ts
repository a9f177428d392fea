// The new API keys (`sb_publishable_…`, `sb_secret_…`, not JWTs) and the legacy JWT keys at the
// gateway, through supabase-js as an app or a server uses them: each maps to its role for
// PostgREST, Auth and Realtime, and a secret key is refused from a browser.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  ANON_KEY,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
} from '../../supabase/local/keys.ts'
import { sql, stackInfo, uniqueEmail } from '../support/clients.ts'
import { subscribed } from './realtime-support.ts'

const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

const clients: SupabaseClient[] = []
function client(key: string, headers: Record<string, string> = {}): SupabaseClient {
  const c = createClient(stackInfo().apiUrl, key, {
    global: { headers },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  clients.push(c)
  return c
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
})

const api = (path: string) => `${stackInfo().apiUrl}${path}`

/** Inserting a theme needs the service role (RLS lets nobody else); cleaned up right after. */
async function insertTheme(c: SupabaseClient) {
  const slug = `key-test-${randomUUID().slice(0, 8)}`
  const result = await c.from('themes').insert({ slug, position: 900 })
  await sql('delete from public.themes where slug = $1', [slug])
  return result
}

describe('API keys', () => {
  it('the stack hands out the well-known keys of `supabase start`', () => {
    const info = stackInfo()
    expect(info.publishableKey).toBe('sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH')
    expect(info.secretKey).toBe('sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz')
    expect([info.anonKey, info.serviceRoleKey]).toEqual([ANON_KEY, SERVICE_ROLE_KEY])
  })

  it.each([
    ['publishable key', PUBLISHABLE_KEY],
    ['legacy anon key', ANON_KEY],
  ])('the %s is the anon role for PostgREST and Auth', async (_, key) => {
    const c = client(key)
    const read = await c.from('themes').select('slug').limit(1)
    expect(read.error).toBeNull()
    expect(read.data!.length).toBe(1)
    const write = await insertTheme(c)
    expect(write.error).toMatchObject({ code: '42501' })
    expect((await c.auth.admin.listUsers()).error).toMatchObject({ status: 403 })
    const signUp = await c.auth.signUp({
      email: uniqueEmail('pk'),
      password: 'correct-horse-battery',
    })
    expect(signUp.error).toBeNull()
    expect(signUp.data.session?.user.role).toBe('authenticated')
  })

  it.each([
    ['secret key', SECRET_KEY],
    ['legacy service_role key', SERVICE_ROLE_KEY],
  ])('the %s is the service_role for PostgREST and Auth', async (_, key) => {
    const c = client(key)
    expect((await insertTheme(c)).error).toBeNull()
    const users = await c.auth.admin.listUsers({ perPage: 1 })
    expect(users.error).toBeNull()
  })

  it('with the publishable key, a signed-in person is `authenticated`, not anon', async () => {
    const c = client(PUBLISHABLE_KEY)
    const { data, error } = await c.auth.signUp({
      email: uniqueEmail('pk-user'),
      password: 'correct-horse-battery',
    })
    expect(error).toBeNull()
    const me = await c.auth.getUser()
    expect(me.data.user?.id).toBe(data.user!.id)
    // supabase-js now sends the user's token, not the key, as Authorization: RLS sees the person.
    expect((await insertTheme(c)).error).toMatchObject({ code: '42501' })
  })

  it('Realtime: the publishable key joins public channels; only the secret key private ones', async () => {
    const pub = client(PUBLISHABLE_KEY).channel(`keys-${randomUUID()}`)
    await subscribed(pub)
    const privateAnon = client(PUBLISHABLE_KEY).channel(`keys-${randomUUID()}`, {
      config: { private: true },
    })
    await expect(subscribed(privateAnon)).rejects.toThrow()
    const privateService = client(SECRET_KEY).channel(`keys-${randomUUID()}`, {
      config: { private: true },
    })
    await subscribed(privateService)
  })

  it('refuses a secret key from a browser (User-Agent or client hints), with 401', async () => {
    const browsers: Record<string, string>[] = [
      { 'user-agent': CHROME_UA },
      { 'sec-ch-ua': '"Chromium";v="131"' },
    ]
    for (const headers of browsers) {
      const res = await fetch(api('/rest/v1/themes?select=slug'), {
        headers: { apikey: SECRET_KEY, ...headers },
      })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({
        message: 'Forbidden use of secret API key in browser',
      })
    }
    const browserish = client(SECRET_KEY, { 'User-Agent': CHROME_UA })
    const read = await browserish.from('themes').select('slug').limit(1)
    expect(read.status).toBe(401)
    expect((await browserish.auth.admin.listUsers()).error).toMatchObject({ status: 401 })
    // The publishable key from a browser is what the app does.
    const app = await fetch(api('/rest/v1/themes?select=slug&limit=1'), {
      headers: { apikey: PUBLISHABLE_KEY, 'user-agent': CHROME_UA },
    })
    expect(app.status).toBe(200)
  })

  it('refuses a secret key on a WebSocket from a browser', async () => {
    const wsUrl = api('/realtime/v1/websocket').replace(/^http/, 'ws')
    const status = (key: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`${wsUrl}?apikey=${key}&vsn=2.0.0`, {
          headers: { 'user-agent': CHROME_UA },
        })
        ws.on('open', () => {
          ws.close()
          resolve('open')
        })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('error', () => undefined)
      })
    expect(await status(SECRET_KEY)).toBe(401)
    expect(await status(PUBLISHABLE_KEY)).toBe('open')
  })

  it('takes an sb_ key as Bearer only when it is the apikey itself', async () => {
    // The publishable key cannot borrow the secret key's role through Authorization.
    const res = await fetch(api('/rest/v1/themes?select=slug'), {
      headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ message: 'Invalid API key in Authorization header' })
    const auth = await fetch(api('/auth/v1/admin/users'), {
      headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(auth.status).toBe(401)
    // Nor can a made-up sb_ key stand in.
    const madeUp = await fetch(api('/rest/v1/themes?select=slug'), {
      headers: { apikey: 'sb_publishable_not-a-key-of-this-project' },
    })
    expect(madeUp.status).toBe(401)
    expect(await madeUp.json()).toMatchObject({ message: 'Invalid API key' })
    // The same key in both places is what supabase-js sends when nobody is signed in.
    const same = await fetch(api('/rest/v1/themes?select=slug&limit=1'), {
      headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${PUBLISHABLE_KEY}` },
    })
    expect(same.status).toBe(200)
  })
})
