// Secrets and signed tokens: access-token JWTs, refresh tokens, e-mail codes and their hashes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
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

export class Jwt {
  private readonly key: Uint8Array

  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly expiry: number,
  ) {
    this.key = new TextEncoder().encode(secret)
  }

  async sign(
    claims: Omit<AccessClaims, 'iss' | 'aud' | 'exp' | 'iat'>,
    now = Math.floor(Date.now() / 1000),
  ) {
    const exp = now + this.expiry
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key)
    return { token, exp, expiresIn: this.expiry }
  }

  /** Verifies signature (HS256 only, so `alg: none` fails) and expiry; 403 bad_jwt otherwise. */
  async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] })
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
