// The MFA API as auth-js 2.109 calls it: POST /factors (enroll), POST /factors/{id}/challenge,
// POST /factors/{id}/verify, DELETE /factors/{id}; and the admin's
// GET /admin/users/{id}/factors and DELETE /admin/users/{id}/factors/{factorId}.
// Only TOTP is offered; phone and WebAuthn answer as GoTrue does when they are switched off.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { inTransaction } from '../../db.ts'
import { limit, requireUser, type App, type Caller } from '../app.ts'
import { AuthError, forbidden, unprocessable, validationFailed } from '../errors.ts'
import { str, type Ctx } from '../http.ts'
import {
  aalOf,
  claimStep,
  createChallenge,
  CHALLENGE_EXPIRY_SECONDS,
  deleteExpiredUnverifiedFactors,
  downgradeSessions,
  factorJson,
  factorsOf,
  findOwnedFactor,
  matchingStep,
  newTotpSecret,
  qrSvg,
  totpUri,
  type ChallengeRow,
  type FactorRow,
} from '../mfa.ts'
import { sessionJson } from '../sessions.ts'
import { newRefreshToken } from '../tokens.ts'
import { findUserById, ZERO_UUID } from '../users.ts'

const factorNotFound = () => new AuthError(404, 'mfa_factor_not_found', 'Factor not found')

function methodNotAllowed(ctx: Ctx, allow: string) {
  ctx.json(405, { code: 'method_not_allowed', message: 'Method Not Allowed' }, { allow })
}

/** Routes under /factors. */
export async function factors(app: App, ctx: Ctx) {
  const caller = await requireUser(app, ctx)
  if (caller.user.is_anonymous) {
    throw forbidden('no_authorization', 'Anonymous user not allowed to perform these actions')
  }
  if (!caller.sessionId) {
    throw forbidden('session_not_found', 'A valid session is required to manage factors')
  }
  const method = ctx.req.method
  if (ctx.path === '/factors') {
    if (method === 'POST') return enroll(app, ctx, caller)
    return methodNotAllowed(ctx, 'POST')
  }
  const m = /^\/factors\/([^/]+)(\/challenge|\/verify)?$/.exec(ctx.path)
  if (!m) throw new AuthError(404, 'not_found', 'Unsupported path')
  const factor = await findOwnedFactor(app.db, caller.user.id, m[1])
  if (!factor) throw factorNotFound()
  if (m[2] === '/challenge') {
    if (method !== 'POST') return methodNotAllowed(ctx, 'POST')
    limit(app, 'mfaPerIp', ctx.ip)
    return challenge(app, ctx, factor)
  }
  if (m[2] === '/verify') {
    if (method !== 'POST') return methodNotAllowed(ctx, 'POST')
    limit(app, 'mfaPerIp', ctx.ip)
    return verify(app, ctx, caller, factor)
  }
  if (method === 'DELETE') return unenroll(app, ctx, caller, factor)
  return methodNotAllowed(ctx, 'DELETE')
}

async function sessionAal(app: App, sessionId: string) {
  const { rows } = await app.db.query<{ authentication_method: string }>(
    'select authentication_method from auth.mfa_amr_claims where session_id = $1',
    [sessionId],
  )
  return aalOf(rows.map((r) => r.authentication_method))
}

async function enroll(app: App, ctx: Ctx, caller: Caller) {
  const body = await ctx.body()
  const type = str(body, 'factor_type')
  if (type === 'phone') {
    throw unprocessable('mfa_phone_enroll_not_enabled', 'MFA enroll is disabled for Phone')
  }
  if (type === 'webauthn') {
    throw unprocessable('mfa_webauthn_enroll_not_enabled', 'MFA enroll is disabled for WebAuthn')
  }
  if (type !== 'totp') {
    throw validationFailed('factor_type needs to be totp, phone, or webauthn')
  }
  if (!app.cfg.mfa.totpEnroll) {
    throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP')
  }
  const friendlyName = (str(body, 'friendly_name') ?? '').trim()
  if (friendlyName.length > 255) throw validationFailed('friendly_name is too long')
  const issuer = str(body, 'issuer') || new URL(app.redirects.siteUrl).host

  await deleteExpiredUnverifiedFactors(app.db)
  const existing = await factorsOf(app.db, caller.user.id)
  if (friendlyName && existing.some((f) => f.friendly_name === friendlyName)) {
    throw unprocessable(
      'mfa_factor_name_conflict',
      `A factor with the friendly name "${friendlyName}" for this user already exists`,
    )
  }
  const verified = existing.filter((f) => f.status === 'verified').length
  if (existing.length >= app.cfg.mfa.maxEnrolledFactors) {
    throw unprocessable(
      'too_many_enrolled_mfa_factors',
      'Maximum number of verified factors reached, unenroll to continue',
    )
  }
  if (verified > 0 && (await sessionAal(app, caller.sessionId!)) !== 'aal2') {
    throw forbidden('insufficient_aal', 'AAL2 required to enroll a new factor')
  }

  const secret = newTotpSecret()
  const uri = totpUri(secret, issuer, caller.user.email ?? '')
  const id = randomUUID()
  await app.db.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', 'unverified', now(), now(), $4)`,
    [id, caller.user.id, friendlyName, secret],
  )
  ctx.json(200, {
    id,
    type: 'totp',
    friendly_name: friendlyName,
    totp: { qr_code: await qrSvg(uri), secret, uri },
  })
}

async function challenge(app: App, ctx: Ctx, factor: FactorRow) {
  const { id, expiresAt } = await createChallenge(app.db, factor.id, normalizeIp(ctx.ip))
  ctx.json(200, { id, type: factor.factor_type, expires_at: expiresAt })
}

async function verify(app: App, ctx: Ctx, caller: Caller, factor: FactorRow) {
  const body = await ctx.body()
  const code = (str(body, 'code') ?? '').trim()
  const challengeId = str(body, 'challenge_id') ?? ''
  if (!code) throw validationFailed('Code needs to be non-empty')
  if (!app.cfg.mfa.totpVerify) {
    throw unprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP')
  }

  const { rows } = await app.db
    .query<ChallengeRow>(
      `select id, factor_id, created_at, verified_at, host(ip_address) as ip_address
         from auth.mfa_challenges where id = $1::uuid and factor_id = $2`,
      [challengeId, factor.id],
    )
    .catch(() => ({ rows: [] as ChallengeRow[] }))
  const ch = rows[0]
  if (!ch) {
    throw unprocessable(
      'mfa_factor_not_found',
      'MFA factor with the provided challenge ID not found',
    )
  }
  if (ch.verified_at || ch.ip_address !== normalizeIp(ctx.ip)) {
    throw unprocessable('mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.')
  }
  if (ch.created_at.getTime() + CHALLENGE_EXPIRY_SECONDS * 1000 < Date.now()) {
    await app.db.query('delete from auth.mfa_challenges where id = $1', [ch.id])
    throw unprocessable(
      'mfa_challenge_expired',
      `MFA challenge ${ch.id} has expired, verify against another challenge or create a new challenge.`,
    )
  }
  // Guessing: a handful of wrong codes per factor, then 429 even for the right one.
  if (app.limits.wrongTotpPerFactor.blocked(factor.id)) {
    throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached')
  }
  const step = matchingStep(factor.secret ?? '', code)
  const refresh = await inTransaction(app.db, async (client) => {
    if (step === undefined || !(await claimStep(client, factor.id, step))) {
      limit(app, 'wrongTotpPerFactor', factor.id)
      throw unprocessable('mfa_verification_failed', 'Invalid TOTP code entered')
    }
    await client.query('update auth.mfa_challenges set verified_at = now() where id = $1', [ch.id])
    if (factor.status !== 'verified') {
      await client.query(
        `update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`,
        [factor.id],
      )
    }
    await client.query(
      `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method)
       values ($1, now(), now(), 'totp')
       on conflict (session_id, authentication_method) do update set updated_at = now()`,
      [caller.sessionId],
    )
    await client.query(
      `update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`,
      [caller.sessionId, factor.id],
    )
    // As GoTrue: a new refresh token for the raised session, the old chain revoked, so a refresh
    // token handed out at aal1 cannot be the one that carries the aal2 session on.
    const { rows: current } = await client.query<{ token: string }>(
      `update auth.refresh_tokens set revoked = true, updated_at = now()
        where session_id = $1 and revoked = false returning token`,
      [caller.sessionId],
    )
    const refresh = await newChildToken(client, caller, current[0]?.token ?? null)
    // As GoTrue: the person's other sessions below aal2 end, and unverified TOTP factors go.
    await client.query(
      `delete from auth.sessions where user_id = $1 and id <> $2 and coalesce(aal, 'aal1') = 'aal1'`,
      [caller.user.id, caller.sessionId],
    )
    await client.query(
      `delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and factor_type = 'totp'`,
      [caller.user.id],
    )
    return refresh
  })
  app.limits.wrongTotpPerFactor.reset(factor.id)
  ctx.json(200, await sessionJson(app.db, app.jwt, caller.user.id, caller.sessionId!, refresh))
}

async function newChildToken(client: pg.PoolClient, caller: Caller, parent: string | null) {
  const token = newRefreshToken()
  await client.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [ZERO_UUID, token, caller.user.id, parent, caller.sessionId],
  )
  return token
}

/** The client's address as inet text; IPv4-mapped IPv6 as plain IPv4. */
function normalizeIp(ip: string): string {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  return /^[0-9a-fA-F:.]+$/.test(plain) ? plain : '0.0.0.0'
}

async function unenroll(app: App, ctx: Ctx, caller: Caller, factor: FactorRow) {
  if (factor.status === 'verified' && (await sessionAal(app, caller.sessionId!)) !== 'aal2') {
    throw unprocessable('insufficient_aal', 'AAL2 required to unenroll verified factor')
  }
  await removeFactor(app, factor)
  ctx.json(200, { id: factor.id })
}

async function removeFactor(app: App, factor: FactorRow) {
  await inTransaction(app.db, async (client) => {
    await downgradeSessions(client, factor)
    await client.query('delete from auth.mfa_factors where id = $1', [factor.id])
  })
}

/** /admin/users/{id}/factors[/{factorId}]; the caller is already checked to be service_role. */
export async function adminFactors(app: App, ctx: Ctx, userId: string, factorId?: string) {
  const user = await findUserById(app.db, userId).catch(() => undefined)
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found')
  const method = ctx.req.method
  if (factorId === undefined) {
    if (method !== 'GET') return methodNotAllowed(ctx, 'GET')
    return ctx.json(200, (await factorsOf(app.db, user.id)).map(factorJson))
  }
  const factor = await findOwnedFactor(app.db, user.id, factorId)
  if (!factor) throw factorNotFound()
  if (method !== 'DELETE') return methodNotAllowed(ctx, 'DELETE')
  await removeFactor(app, factor)
  ctx.json(200, factorJson(factor))
}
