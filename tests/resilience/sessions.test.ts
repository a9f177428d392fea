// Sessions over time, through supabase-js as the app uses it: a stolen refresh token that comes
// back after rotation ends the whole session (for the thief and the owner), and an access token
// that expired while the tab slept is renewed by supabase-js before the next request.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { anonClient, signedInClient, sql, stackInfo } from '../support/clients.ts'

/** A client like the app's: it keeps its session in (memory) storage and refreshes it itself. */
function appLikeClient(storage = new Map<string, string>()): SupabaseClient {
  const { apiUrl, anonKey } = stackInfo()
  return createClient(apiUrl, anonKey, {
    auth: {
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
}

describe('refresh tokens', () => {
  it('detects reuse of a rotated refresh token and ends the session for everyone holding it', async () => {
    const { email, password } = await signedInClient()
    const owner = appLikeClient()
    const { data } = await owner.auth.signInWithPassword({ email, password })
    const stolen = data.session!.refresh_token
    // The owner's client rotates the token twice (as it does before each access token expires).
    // Once is not enough: the parent of the active token gets the active one back (two tabs
    // refreshing at the same moment), as GoTrue does.
    expect((await owner.auth.refreshSession()).error).toBeNull()
    const rotated = await owner.auth.refreshSession()
    expect(rotated.error).toBeNull()
    expect(rotated.data.session!.refresh_token).not.toBe(stolen)
    // Past the reuse interval (10 s), the old token comes back: a thief replaying it.
    await sql(
      `update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`,
      [stolen],
    )
    const thief = await anonClient().auth.refreshSession({ refresh_token: stolen })
    expect(thief.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
    expect(thief.data.session).toBeNull()
    // The whole session is revoked: the owner's current token no longer renews either.
    const ownerAgain = await anonClient().auth.refreshSession({
      refresh_token: rotated.data.session!.refresh_token,
    })
    expect(ownerAgain.error?.status).toBe(400)
    expect(ownerAgain.data.session).toBeNull()
  })
})

describe('expired access tokens', () => {
  it('are renewed by supabase-js before the next request, without signing in again', async () => {
    const { email, password, userId } = await signedInClient()
    const storage = new Map<string, string>()
    const client = appLikeClient(storage)
    const { data } = await client.auth.signInWithPassword({ email, password })
    const session = data.session!
    // The tab slept past the token's expiry: put an expired access token (same session) in storage.
    const payload = JSON.parse(
      Buffer.from(session.access_token.split('.')[1], 'base64url').toString(),
    )
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ ...payload, exp: now - 30, iat: now - 3630 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(stackInfo().jwtSecret))
    const [key] = [...storage.keys()].filter((k) => k.includes('auth-token'))
    storage.set(key, JSON.stringify({ ...session, access_token: expired, expires_at: now - 30 }))

    const woken = appLikeClient(storage)
    const { data: profile, error } = await woken.rpc('my_profile').single()
    expect(error).toBeNull()
    expect((profile as { id: string }).id).toBe(userId)
    const renewed = (await woken.auth.getSession()).data.session!
    expect(renewed.access_token).not.toBe(expired)
    expect(renewed.expires_at!).toBeGreaterThan(now)
  })

  it('leave the person signed out (not broken) when the session was ended meanwhile', async () => {
    const { email, password } = await signedInClient()
    const storage = new Map<string, string>()
    const client = appLikeClient(storage)
    const { data } = await client.auth.signInWithPassword({ email, password })
    const now = Math.floor(Date.now() / 1000)
    const [key] = [...storage.keys()].filter((k) => k.includes('auth-token'))
    storage.set(key, JSON.stringify({ ...data.session, expires_at: now - 30 }))
    // Signed out everywhere from another device.
    await sql('delete from auth.sessions where user_id = $1', [data.user!.id])
    const woken = appLikeClient(storage)
    const { data: current } = await woken.auth.getSession()
    expect(current.session).toBeNull()
    // Reading as a visitor still works: the app can show the page and ask to sign in again.
    const { error } = await woken.from('ideas').select('id').limit(1)
    expect(error).toBeNull()
  })
})
