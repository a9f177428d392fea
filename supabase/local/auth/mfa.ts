// Second factors (TOTP) as GoTrue keeps them: auth.mfa_factors, auth.mfa_challenges, and the amr
// claims of a session. RFC 6238 with SHA-1, 6 digits and 30-second steps, one step of skew either
// way, as GoTrue validates; unlike GoTrue, a code is accepted once per factor (no replay).
import { randomUUID } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import type pg from 'pg'
import QRCode from 'qrcode'

type Queryable = pg.Pool | pg.PoolClient

export const TOTP_PERIOD = 30
export const TOTP_DIGITS = 6
/** GoTrue's MFA_CHALLENGE_EXPIRY_DURATION default, in seconds. */
export const CHALLENGE_EXPIRY_SECONDS = 300
/** GoTrue's MFA_FACTOR_EXPIRY_DURATION: an unverified factor without challenges goes after this. */
export const UNVERIFIED_FACTOR_EXPIRY_SECONDS = 300
/** GoTrue's MFA_MAX_ENROLLED_FACTORS default. */
export const MAX_ENROLLED_FACTORS = 10
/** The amr methods that make a session aal2 (GoTrue's IsAAL2Claim). */
export const AAL2_METHODS = new Set(['totp', 'mfa/phone', 'mfa/webauthn'])

export interface FactorRow {
  id: string
  user_id: string
  friendly_name: string | null
  factor_type: string
  status: 'verified' | 'unverified'
  created_at: Date
  updated_at: Date
  secret: string | null
  phone: string | null
  last_challenged_at: Date | null
}

export interface ChallengeRow {
  id: string
  factor_id: string
  created_at: Date
  verified_at: Date | null
  ip_address: string
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined)

/** A factor as GoTrue serialises it in the user object and the admin API. */
export function factorJson(f: FactorRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    friendly_name: f.friendly_name || undefined,
    factor_type: f.factor_type,
    status: f.status,
    created_at: iso(f.created_at),
    updated_at: iso(f.updated_at),
    last_challenged_at: iso(f.last_challenged_at) ?? null,
  }
  if (out.friendly_name === undefined) delete out.friendly_name
  return out
}

export async function factorsOf(db: Queryable, userId: string): Promise<FactorRow[]> {
  const { rows } = await db.query<FactorRow>(
    `select id, user_id, friendly_name, factor_type::text, status::text, created_at, updated_at,
            secret, phone, last_challenged_at
       from auth.mfa_factors where user_id = $1 order by created_at`,
    [userId],
  )
  return rows
}

export async function findOwnedFactor(
  db: Queryable,
  userId: string,
  factorId: string,
): Promise<FactorRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(factorId)) {
    return undefined
  }
  return (await factorsOf(db, userId)).find((f) => f.id === factorId.toLowerCase())
}

/** The user JSON's `factors`, omitted when empty as GoTrue does. */
export async function factorsJsonOf(db: Queryable, userId: string) {
  const list = await factorsOf(db, userId)
  return list.length ? list.map(factorJson) : undefined
}

export function newTotpSecret(): string {
  // 20 random bytes, as pquerna/otp's default; base32 without padding (32 characters).
  return new Secret({ size: 20 }).base32
}

function totpFor(secret: string, issuer = '', label = '') {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secret),
  })
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return totpFor(secret, issuer, account).toString()
}

/** An SVG QR code of the URI; auth-js makes it a data URI (`data:image/svg+xml;utf-8,…`). */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}

/**
 * The time step the code belongs to (current step, or one either side), or undefined when the
 * code is wrong. Compared by otpauth in constant time per candidate.
 */
export function matchingStep(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: 1 })
  if (delta === null) return undefined
  return Math.floor(now / 1000 / TOTP_PERIOD) + delta
}

/**
 * Records that a step was used; false when that step (or a later one) was already used for this
 * factor, which is a replayed code. Row-locked, so two requests with one code cannot both pass.
 */
export async function claimStep(db: Queryable, factorId: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into auth.mfa_totp_last_step (factor_id, step) values ($1, $2)
     on conflict (factor_id) do update set step = excluded.step
       where auth.mfa_totp_last_step.step < excluded.step`,
    [factorId, step],
  )
  return rowCount === 1
}

export async function deleteExpiredUnverifiedFactors(db: Queryable) {
  await db.query(
    `delete from auth.mfa_factors f
      where f.status <> 'verified'
        and not exists (select 1 from auth.mfa_challenges c where c.factor_id = f.id)
        and f.created_at + make_interval(secs => $1) < now()`,
    [UNVERIFIED_FACTOR_EXPIRY_SECONDS],
  )
}

export async function createChallenge(db: Queryable, factorId: string, ip: string) {
  const id = randomUUID()
  const { rows } = await db.query<{ created_at: Date }>(
    `insert into auth.mfa_challenges (id, factor_id, created_at, ip_address)
     values ($1, $2, now(), $3::inet) returning created_at`,
    [id, factorId, ip],
  )
  await db.query('update auth.mfa_factors set last_challenged_at = now() where id = $1', [factorId])
  return {
    id,
    expiresAt: Math.floor(rows[0].created_at.getTime() / 1000) + CHALLENGE_EXPIRY_SECONDS,
  }
}

/**
 * Removes a factor's amr claim from the sessions it raised to aal2 and sets them back to aal1,
 * as GoTrue's DowngradeSessionsToAAL1 does; their next token (at refresh) says aal1.
 */
export async function downgradeSessions(db: Queryable, factor: { id: string; user_id: string }) {
  await db.query(
    `delete from auth.mfa_amr_claims c using auth.sessions s
      where c.session_id = s.id and s.factor_id = $1 and c.authentication_method = 'totp'`,
    [factor.id],
  )
  await db.query(
    `update auth.sessions set aal = 'aal1', factor_id = null where user_id = $1 and factor_id = $2`,
    [factor.user_id, factor.id],
  )
}

/** The session's level, from its amr claims as GoTrue computes it. */
export function aalOf(methods: string[]): 'aal1' | 'aal2' {
  return methods.some((m) => AAL2_METHODS.has(m)) ? 'aal2' : 'aal1'
}
