// Token checks as Supabase Realtime does them: HS256 with the project's secret or the project's
// asymmetric signing keys (by `kid`, ../signing.ts), a `role` claim, and an `exp` in the future.
// Anything else is refused with a reason the client shows.
import { errors, jwtVerify, type JWTPayload } from 'jose'
import { ACCEPTED_ALGORITHMS, keyResolver } from '../signing.ts'
import type { SigningKey } from '../types.ts'

export interface Claims extends JWTPayload {
  role: string
  sub?: string
}

export type Verified = { ok: true; claims: Claims } | { ok: false; reason: string }

export function createVerifier(jwtSecret: string, signingKeys: readonly SigningKey[] = []) {
  const keys = keyResolver(jwtSecret, signingKeys)
  return async function verify(token: unknown): Promise<Verified> {
    if (typeof token !== 'string' || token === '') return { ok: false, reason: 'Missing JWT' }
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ACCEPTED_ALGORITHMS })
      if (typeof payload.role !== 'string' || payload.role === '') {
        return { ok: false, reason: 'Fields `role` and `exp` are required in JWT' }
      }
      return { ok: true, claims: payload as Claims }
    } catch (e) {
      if (e instanceof errors.JWTExpired) {
        const exp = Number((e.payload as JWTPayload).exp)
        const ago = Number.isFinite(exp) ? Math.max(0, Math.floor(Date.now() / 1000 - exp)) : 0
        return { ok: false, reason: `Token has expired ${ago} seconds ago` }
      }
      if (e instanceof errors.JOSEAlgNotAllowed)
        return { ok: false, reason: 'Invalid JWT algorithm' }
      if (e instanceof errors.JWSSignatureVerificationFailed)
        return { ok: false, reason: 'Invalid JWT signature' }
      return { ok: false, reason: 'Invalid JWT' }
    }
  }
}

/** Supabase ignores publishable keys (`sb_…`) as access tokens and falls back to the apikey. */
export function usableToken(token: unknown): token is string {
  return typeof token === 'string' && token !== '' && !token.startsWith('sb_')
}

/** Milliseconds until the claims expire, or undefined when there is no `exp`. */
export function msUntilExpiry(claims: Claims): number | undefined {
  return typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : undefined
}
