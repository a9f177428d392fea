// Sign-up and the token endpoint (password and refresh-token grants).
import { limit, type App } from '../app.ts'
import {
  AuthError,
  badRequest,
  invalidCredentials,
  OAuthError,
  requestRateLimit,
  unprocessable,
  validationFailed,
} from '../errors.ts'
import { obj, str, type Ctx } from '../http.ts'
import { assertPasswordAllowed } from '../password.ts'
import { refreshGrant, signIn } from '../sessions.ts'
import {
  confirmEmail,
  createUser,
  findUserByEmail,
  isBanned,
  isEmail,
  mergeMetadata,
} from '../users.ts'

const meta = (ctx: Ctx) => ({ ip: ctx.ip, userAgent: ctx.req.headers['user-agent'] })

const userExists = () => unprocessable('user_already_exists', 'User already registered')

export async function signup(app: App, ctx: Ctx) {
  const body = await ctx.body()
  const rawEmail = str(body, 'email')
  const password = str(body, 'password')
  const data = obj(body, 'data') ?? {}
  if (!rawEmail && !password && !str(body, 'phone')) {
    throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
  }
  if (!rawEmail) throw validationFailed('To signup, please provide your email')
  if (!password) throw validationFailed('Signup requires a valid password')
  const email = rawEmail.trim().toLowerCase()
  if (!isEmail(email)) throw validationFailed('Unable to validate email address: invalid format')
  assertPasswordAllowed(app.cfg, password)
  limit(app, 'signUpPerIp', ctx.ip)

  const existing = await findUserByEmail(app.db, email)
  if (existing?.email_confirmed_at) throw userExists()
  const passwordHash = await app.hashPassword(password)
  let user
  if (existing) {
    // Someone asked for a code but never used it: nobody has proven this address yet, so the
    // sign-up takes the account over, as a fresh sign-up would.
    await app.db.query(
      `update auth.users set encrypted_password = $2, raw_user_meta_data = $3, updated_at = now() where id = $1`,
      [existing.id, passwordHash, mergeMetadata(existing.raw_user_meta_data, data)],
    )
    await confirmEmail(app.db, existing.id)
    user = existing
  } else {
    try {
      user = await createUser(app.db, { email, passwordHash, confirmed: true, userMetadata: data })
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw userExists()
      throw e
    }
  }
  ctx.json(200, await signIn(app.db, app.jwt, user, 'password', meta(ctx)))
}

export async function token(app: App, ctx: Ctx) {
  const grant = ctx.url.searchParams.get('grant_type')
  const body = await ctx.body()
  if (grant === 'password') return passwordGrant(app, ctx, body)
  if (grant === 'refresh_token') {
    const refreshToken = str(body, 'refresh_token')
    if (!refreshToken) throw new OAuthError(400, 'invalid_request', 'refresh_token required')
    return ctx.json(
      200,
      await refreshGrant(app.db, app.jwt, refreshToken, app.cfg.refreshTokenReuseInterval),
    )
  }
  if (grant === 'pkce') {
    throw new AuthError(
      404,
      'flow_state_not_found',
      'invalid flow state, no valid flow state found',
    )
  }
  throw invalidCredentials()
}

/**
 * Unknown address and wrong password give the same answer in about the same time: the password is
 * always run through bcrypt. Failures per address are limited, for known and unknown addresses alike.
 */
async function passwordGrant(app: App, ctx: Ctx, body: Record<string, unknown>) {
  limit(app, 'signInPerIp', ctx.ip)
  const email = str(body, 'email')?.trim().toLowerCase()
  const password = str(body, 'password')
  if (!email || !password) throw invalidCredentials()
  const failures = app.limits.failedSignInPerEmail
  if (failures.blocked(email)) throw requestRateLimit()
  const user = await findUserByEmail(app.db, email)
  if (user && isBanned(user)) throw badRequest('user_banned', 'User is banned')
  const ok = await app.checkPassword(password, user?.encrypted_password)
  if (!user || !ok) {
    failures.hit(email)
    throw invalidCredentials()
  }
  if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed')
  failures.reset(email)
  ctx.json(200, await signIn(app.db, app.jwt, user, 'password', meta(ctx)))
}
