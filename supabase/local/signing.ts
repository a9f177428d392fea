// JWT signing keys as Supabase uses them: a list of private JWKs in the format of
// `supabase gen signing-key` (config.toml `[auth] signing_keys_path`). The key whose key_ops say
// "sign" signs access tokens (GoTrue allows exactly one); every key's public half is published
// at /auth/v1/.well-known/jwks.json and trusted by PostgREST and Realtime. The legacy HS256 secret
// stays trusted too, as on a hosted project until its legacy secret is revoked, because the
// legacy anon / service_role keys and tokens minted by hand are signed with it.
import { readFileSync } from 'node:fs'
import { importJWK, type JWK, type JWSHeaderParameters, type KeyObject } from 'jose'
import type { SigningKey } from './types.ts'

/** The algorithms a token may carry here: the legacy secret's and the signing keys'. */
export const ACCEPTED_ALGORITHMS = ['HS256', 'ES256', 'RS256']

export function readSigningKeys(path: string): SigningKey[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`signing_keys_path ${path}: ${(e as Error).message}`)
  }
  const keys = (Array.isArray(parsed) ? parsed : [parsed]) as SigningKey[]
  for (const k of keys) {
    if (!k || typeof k.kid !== 'string' || !k.kid || !['ES256', 'RS256'].includes(k.alg)) {
      throw new Error(`signing_keys_path ${path}: every key needs a kid and alg ES256 or RS256`)
    }
  }
  const signers = keys.filter((k) => k.key_ops?.includes('sign') ?? true)
  if (signers.length !== 1) {
    throw new Error(
      `signing_keys_path ${path}: exactly one key may sign (key_ops "sign"); found ${signers.length}`,
    )
  }
  return keys
}

/** The public half of a key, as GoTrue publishes it: use "sig", key_ops ["verify"]. */
export function publicJwk(key: SigningKey): JWK {
  const { kty, kid, alg, crv, x, y, n, e } = key as SigningKey & { n?: string; e?: string }
  const pub: JWK = { kty, kid, alg, use: 'sig', key_ops: ['verify'], ext: true }
  if (kty === 'EC') Object.assign(pub, { crv, x, y })
  if (kty === 'RSA') Object.assign(pub, { n, e })
  return pub
}

/** What /auth/v1/.well-known/jwks.json serves: public keys only, never the HS256 secret. */
export function publishedJwks(keys: readonly SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map(publicJwk) }
}

/**
 * PostgREST's `jwt-secret` as a JWKS: the public signing keys and the legacy secret as an `oct`
 * key, so it takes both kinds of token.
 */
export function postgrestJwks(secret: string, keys: readonly SigningKey[]): string {
  const oct: JWK = { kty: 'oct', alg: 'HS256', k: Buffer.from(secret).toString('base64url') }
  return JSON.stringify({ keys: [...keys.map(publicJwk), oct] })
}

/**
 * A key resolver for jose's jwtVerify: HS256 tokens check against the secret; others against the
 * public key their `kid` names (a token without a known kid fails, as in GoTrue).
 */
export function keyResolver(secret: string, keys: readonly SigningKey[]) {
  const hmac = new TextEncoder().encode(secret)
  const byKid = new Map<string, Promise<KeyObject | Uint8Array>>()
  for (const k of keys) {
    byKid.set(k.kid, importJWK(bare(publicJwk(k)), k.alg) as Promise<KeyObject | Uint8Array>)
  }
  return async (header: JWSHeaderParameters): Promise<KeyObject | Uint8Array> => {
    if (header.alg === 'HS256') return hmac
    const key = header.kid === undefined ? undefined : byKid.get(header.kid)
    const jwk = keys.find((k) => k.kid === header.kid)
    if (!key || jwk?.alg !== header.alg) throw new Error('no key for this token')
    return key
  }
}

/** The private key that signs, imported once. */
export async function signer(keys: readonly SigningKey[]) {
  const key = keys.find((k) => k.key_ops?.includes('sign') ?? true)
  if (!key) return undefined
  return {
    kid: key.kid,
    alg: key.alg,
    key: (await importJWK(bare(key as JWK), key.alg)) as KeyObject | Uint8Array,
  }
}

/** The key material alone: WebCrypto refuses a private key whose key_ops include "verify". */
function bare(jwk: JWK): JWK {
  const rest = { ...jwk }
  delete rest.key_ops
  delete rest.use
  delete rest.ext
  return rest
}
