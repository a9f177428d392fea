// What every route needs: the database, settings, signer, mailer and limiters, plus the checks
// for who is calling (a signed-in user or the service role).
import bcrypt from 'bcryptjs'
import type pg from 'pg'
import type { Mailer } from '../mailbox.ts'
import type { AuthOptions, Log } from '../types.ts'
import { GUESSING, RATE_LIMITS, resolveConfig, type AuthConfig } from './config.ts'
import { AuthError, forbidden, requestRateLimit } from './errors.ts'
import type { Ctx } from './http.ts'
import { Limiter } from './ratelimit.ts'
import { createRedirectCheck } from './redirect.ts'
import { Jwt } from './tokens.ts'
import { findUserById, isBanned, type UserRow } from './users.ts'

export interface App {
  db: pg.Pool
  cfg: AuthConfig
  jwt: Jwt
  mailer: Mailer
  log: Log
  apiUrl: string
  redirects: ReturnType<typeof createRedirectCheck>
  limits: Record<keyof typeof RATE_LIMITS, Limiter>
  /** Every code or link verification per client IP (`token_verifications`, see GUESSING). */
  verifications: Limiter
  /** Every auth mail, all addresses together, per hour (`email_sent`). */
  mailsPerHour: Limiter
  hashPassword(password: string): Promise<string>
  /** Compares in bcrypt time even when there is no user, so timing does not reveal addresses. */
  checkPassword(password: string, hash: string | null | undefined): Promise<boolean>
}

export function createApp(opts: AuthOptions): App {
  const cfg = resolveConfig(opts)
  // A throw-away hash to compare against when the address is unknown.
  const dummyHash = bcrypt.hash(`dummy-${Math.random()}`, cfg.bcryptCost)
  const limits = Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([k, [max, win]]) => [k, new Limiter(max, win)]),
  ) as App['limits']
  // Sign-ups and sign-ins share one allowance per IP, as `sign_in_sign_ups` does on hosted.
  limits.signInPerIp = limits.signUpPerIp = new Limiter(
    cfg.signInSignUps,
    RATE_LIMITS.signInPerIp[1],
  )
  return {
    db: opts.db,
    cfg,
    jwt: new Jwt(opts.jwtSecret, `${opts.apiUrl}/auth/v1`, cfg.jwtExpiry, opts.signingKeys),
    mailer: opts.mailer,
    log: opts.log,
    apiUrl: opts.apiUrl,
    redirects: createRedirectCheck(opts.siteUrl, opts.redirectUrls),
    limits,
    verifications: new Limiter(cfg.tokenVerifications, GUESSING.perIp.windowSeconds * 1000),
    mailsPerHour: new Limiter(cfg.emailSentPerHour, 3600_000),
    hashPassword: (password) => bcrypt.hash(password, cfg.bcryptCost),
    async checkPassword(password, hash) {
      const usable = !!hash && hash.startsWith('$2')
      const ok = await bcrypt.compare(password, usable ? hash : await dummyHash)
      return usable && ok
    },
  }
}

/** Counts an event against a limiter; 429 over_request_rate_limit when over. */
export function limit(app: App, name: keyof App['limits'], key: string) {
  if (!app.limits[name].hit(key)) throw requestRateLimit()
}

export function bearer(ctx: Ctx): string | undefined {
  const h = ctx.req.headers.authorization
  const m = typeof h === 'string' ? /^bearer\s+(\S+)$/i.exec(h.trim()) : null
  return m?.[1]
}

export interface Caller {
  user: UserRow
  sessionId: string | undefined
  claims: Record<string, unknown>
}

/** The signed-in user behind the Bearer token, with GoTrue's errors for each failure. */
export async function requireUser(app: App, ctx: Ctx): Promise<Caller> {
  const token = bearer(ctx)
  if (!token)
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const claims = await app.jwt.verify(token)
  if (typeof claims.sub !== 'string' || !claims.sub) {
    throw forbidden('bad_jwt', 'invalid claim: missing sub claim')
  }
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : undefined
  if (sessionId) {
    const { rows } = await app.db
      .query<{ user_id: string }>('select user_id from auth.sessions where id = $1::uuid', [
        sessionId,
      ])
      .catch(() => ({ rows: [] as { user_id: string }[] }))
    if (!rows[0] || rows[0].user_id !== claims.sub) {
      throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist')
    }
  }
  const user = await findUserById(app.db, claims.sub)
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist')
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned')
  return { user, sessionId, claims }
}

/** Admin routes need a JWT whose role is service_role. */
export async function requireAdmin(app: App, ctx: Ctx) {
  const token = bearer(ctx)
  if (!token)
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const claims = await app.jwt.verify(token)
  if (claims.role !== 'service_role' && claims.role !== 'supabase_admin') {
    throw forbidden('not_admin', 'User not allowed')
  }
}
