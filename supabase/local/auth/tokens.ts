// Secrets and signed tokens: access-token JWTs, refresh tokens, e-mail codes and their hashes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import { ACCEPTED_ALGORITHMS, keyResolver, signer } from '../signing.ts'
import type { SigningKey } from '../types.ts'
import { forbidden } from './errors.ts'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** GoTrue v1 refresh tokens: 12 characters of lowercase base32. */
export function newRefreshToken(): string {
  const bytes = randomBytes(12)
  let out = ''
  for (const b of bytes) out += BASE32[b & 31]
  return out
}

export function newOtp(length = 6): string {
  let out = ''
  for (let i = 0; i < length; i++) out += String(randomInt(10))
  return out
}

/** GoTrue's token hash: hex(sha224(email + otp)), with the address lower-cased. */
export function tokenHash(email: string, otp: string): string {
  return createHash('sha224')
    .update(email.toLowerCase() + otp)
    .digest('hex')
}

export function sameSecret(a: string, b: string): boolean {
  if (!a || !b) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface AccessClaims extends JWTPayload {
  sub: string
  email: string
  phone: string
  app_metadata: Record<string, unknown>
  user_metadata: Record<string, unknown>
  role: string
  aal: string
  amr: { method: string; timestamp: number }[]
  session_id: string
  is_anonymous: boolean
}

/**
 * Signs access tokens with the signing key from config.toml (ES256, with its `kid`) when there is
 * one, with the legacy HS256 secret otherwise; verifies both kinds (see ../signing.ts).
 */
export class Jwt {
  private readonly hmac: Uint8Array
  private readonly resolve: ReturnType<typeof keyResolver>
  private readonly signing: ReturnType<typeof signer>

  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly expiry: number,
    readonly signingKeys: readonly SigningKey[] = [],
  ) {
    this.hmac = new TextEncoder().encode(secret)
    this.resolve = keyResolver(secret, signingKeys)
    this.signing = signer(signingKeys)
  }

  async sign(
    claims: Omit<AccessClaims, 'iss' | 'aud' | 'exp' | 'iat'>,
    now = Math.floor(Date.now() / 1000),
  ) {
    const exp = now + this.expiry
    const key = await this.signing
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader(
        key ? { alg: key.alg, kid: key.kid, typ: 'JWT' } : { alg: 'HS256', typ: 'JWT' },
      )
      .setIssuer(this.issuer)
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key?.key ?? this.hmac)
    return { token, exp, expiresIn: this.expiry }
  }

  /**
   * Verifies signature (HS256 with the secret, or a signing key named by `kid`; so `alg: none`
   * fails) and expiry; 403 bad_jwt otherwise.
   */
  async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.resolve, {
        algorithms: ACCEPTED_ALGORITHMS,
      })
      return payload
    } catch (e) {
      const reason =
        e instanceof joseErrors.JWTExpired
          ? 'token has invalid claims: token is expired'
          : 'unable to parse or verify signature'
      throw forbidden('bad_jwt', `invalid JWT: ${reason}`)
    }
  }
}
