// Asymmetric JWT signing keys (config.toml `[auth] signing_keys_path`): Auth signs access tokens
// with the ES256 key and publishes its public half; getClaims() verifies locally against that
// JWKS; PostgREST, Auth and Realtime take both the ES256 tokens and the legacy HS256 ones, and
// refuse a token signed with any other key.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../supabase/local/config.ts'
import { signedInClient, stackInfo } from '../support/clients.ts'
import { clientWithJwt, jwtFor } from '../support/users.ts'
import { mintToken, realtimeClient, subscribed } from './realtime-support.ts'

const keyFile = JSON.parse(readFileSync(loadConfig().auth.signingKeysPath!, 'utf8')) as {
  kid: string
  x: string
  y: string
}[]
const api = (path: string) => `${stackInfo().apiUrl}${path}`
const clients: SupabaseClient[] = []
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
})

/** A token as Auth's would be, but signed with a key of our own under the project's kid. */
async function forgedEs256(sub: string) {
  const { privateKey } = await generateKeyPair('ES256')
  return new SignJWT({ sub, role: 'authenticated', aud: 'authenticated', aal: 'aal1' })
    .setProtectedHeader({ alg: 'ES256', kid: keyFile[0].kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
}

describe('signing keys', () => {
  it('serves the public half of the signing key at /.well-known/jwks.json, never the secret', async () => {
    const res = await fetch(api('/auth/v1/.well-known/jwks.json'), {
      headers: { apikey: stackInfo().publishableKey },
    })
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] }
    expect(keys).toEqual([
      {
        kty: 'EC',
        kid: keyFile[0].kid,
        alg: 'ES256',
        crv: 'P-256',
        x: keyFile[0].x,
        y: keyFile[0].y,
        use: 'sig',
        key_ops: ['verify'],
        ext: true,
      },
    ])
    expect(JSON.stringify(keys)).not.toMatch(/"d"|"k"/)
  })

  it('signs access tokens with ES256 and the key id', async () => {
    const { client } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.access_token
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: keyFile[0].kid, typ: 'JWT' })
  })

  it('getClaims() verifies against the JWKS, without asking Auth for the user', async () => {
    const calls: string[] = []
    const counting: typeof fetch = (input, init) => {
      calls.push(new URL(input instanceof Request ? input.url : String(input)).pathname)
      return fetch(input, init)
    }
    const client = createClient(stackInfo().apiUrl, stackInfo().publishableKey, {
      global: { fetch: counting },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    })
    const email = `claims-${randomUUID().slice(0, 8)}@example.test`
    const { data: signUp } = await client.auth.signUp({ email, password: 'correct-horse-battery' })
    calls.length = 0
    const first = await client.auth.getClaims()
    expect(first.error).toBeNull()
    expect(first.data!.claims).toMatchObject({
      sub: signUp.user!.id,
      role: 'authenticated',
      aal: 'aal1',
    })
    await client.auth.getClaims()
    expect(calls).toEqual(['/auth/v1/.well-known/jwks.json'])
    // A forged token fails there too.
    const forged = await client.auth.getClaims(await forgedEs256(signUp.user!.id))
    expect(forged.data).toBeNull()
    expect(forged.error).not.toBeNull()
  })

  it('PostgREST and Auth take ES256 tokens and the legacy HS256 ones', async () => {
    const { client, userId } = await signedInClient()
    const own = await client.from('profiles').select('id').eq('id', userId)
    expect(own.error).toBeNull()
    expect(own.data).toEqual([{ id: userId }])
    expect((await client.auth.getUser()).data.user?.id).toBe(userId)
    // HS256, as the legacy keys and hand-minted test tokens are signed.
    const legacy = clientWithJwt(await jwtFor(userId))
    const viaLegacy = await legacy.from('profiles').select('id').eq('id', userId)
    expect(viaLegacy.data).toEqual([{ id: userId }])
  })

  it('PostgREST, Auth and Realtime refuse a token signed with another key under our kid', async () => {
    const { userId } = await signedInClient()
    const forged = await forgedEs256(userId)
    const rest = await fetch(api(`/rest/v1/profiles?id=eq.${userId}`), {
      headers: { apikey: stackInfo().publishableKey, authorization: `Bearer ${forged}` },
    })
    expect(rest.status).toBe(401)
    const user = await fetch(api('/auth/v1/user'), {
      headers: { apikey: stackInfo().publishableKey, authorization: `Bearer ${forged}` },
    })
    expect(user.status).toBe(403)
    expect(await user.json()).toMatchObject({ error_code: 'bad_jwt' })
    // An HS256 token that names the ES256 key (algorithm confusion) is no better.
    const confused = await new SignJWT({ sub: userId, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', kid: keyFile[0].kid })
      .setExpirationTime('1h')
      .sign(
        new TextEncoder().encode(
          JSON.stringify(await exportJWK((await generateKeyPair('ES256')).publicKey)),
        ),
      )
    const confusedRest = await fetch(api('/rest/v1/profiles?select=id&limit=1'), {
      headers: { apikey: stackInfo().publishableKey, authorization: `Bearer ${confused}` },
    })
    expect(confusedRest.status).toBe(401)

    const { apiUrl, publishableKey, jwtSecret } = stackInfo()
    const realtime = async (token: string) => {
      const c = await realtimeClient({ apiUrl, anonKey: publishableKey, jwtSecret }, token)
      clients.push(c)
      return subscribed(c.channel(`signing-${randomUUID()}`))
    }
    await expect(realtime(forged)).rejects.toThrow()
    const { client } = await signedInClient()
    const es256 = (await client.auth.getSession()).data.session!.access_token
    await realtime(es256)
    await realtime(await mintToken(stackInfo().jwtSecret, { sub: userId, role: 'authenticated' }))
  })
})
