// Sign-up and the token endpoint (password and refresh-token grants).
import { randomUUID } from 'node:crypto'
import { limit, type App } from '../app.ts'
import { forgetUnprovenPassword, secondsSinceMail, stageCode } from '../codes.ts'
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
import { redeemAuthCode, createFlowState, pkceParams } from '../pkce.ts'
import { refreshGrant, signIn, type AmrMethod } from '../sessions.ts'
import {
  createAnonymousUser,
  createUser,
  findUserByEmail,
  findUserById,
  isBanned,
  isEmail,
  loadUserJson,
  type UserRow,
} from '../users.ts'
import { inTransaction } from '../../db.ts'
import { answerNoSoonerThan, sendCodeMail } from './otp.ts'

const meta = (ctx: Ctx) => ({ ip: ctx.ip, userAgent: ctx.req.headers['user-agent'] })

const userExists = () => unprocessable('user_already_exists', 'User already registered')

/**
 * POST /signup. Sign-up never sets a password on, or confirms, an account that already exists:
 * an address with a code pending (someone asked for one and has not used it) has not been
 * proven by anyone, so the sign-up only mails the code again and answers without a session.
 * GoTrue skips the password too, but with autoconfirm it confirms that account and signs the
 * caller in; here only the code from the mail does. With confirmations on (as in production),
 * a new account also waits for its code, and its password goes when someone else claims the
 * address before the code is used (forgetUnprovenPassword).
 */
export async function signup(app: App, ctx: Ctx) {
  const started = performance.now()
  const body = await ctx.body()
  const rawEmail = str(body, 'email')
  const password = str(body, 'password')
  const data = obj(body, 'data') ?? {}
  // No address and no phone: an anonymous sign-in (GoTrue decides on these two fields alone).
  if (!rawEmail && !str(body, 'phone')) {
    if (!app.cfg.anonymousSignIns) {
      throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
    }
    limit(app, 'signUpPerIp', ctx.ip)
    const user = await createAnonymousUser(app.db, data)
    return ctx.json(200, await signIn(app.db, app.jwt, user, 'anonymous', meta(ctx)))
  }
  if (!rawEmail) throw validationFailed('To signup, please provide your email')
  if (!password) throw validationFailed('Signup requires a valid password')
  const email = rawEmail.trim().toLowerCase()
  if (!isEmail(email)) throw validationFailed('Unable to validate email address: invalid format')
  assertPasswordAllowed(app.cfg, password)
  const pkce = pkceParams(body)
  limit(app, 'signUpPerIp', ctx.ip)
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  const { confirmations, otpLength, mailMaxFrequency } = app.cfg
  // Hashed whether or not it is used, so the answers below take about the same time.
  const passwordHash = await app.hashPassword(password)

  type Outcome =
    | { kind: 'exists' }
    | { kind: 'signedUp'; user: UserRow }
    | { kind: 'waiting'; user: UserRow; code?: { otp: string; hash: string } }
  const outcome = await inTransaction(app.db, async (client): Promise<Outcome> => {
    let user = await findUserByEmail(client, email, true)
    if (user?.email_confirmed_at) return { kind: 'exists' }
    if (!user) {
      try {
        await client.query('savepoint create_user')
        user = await createUser(client, {
          email,
          passwordHash,
          confirmed: !confirmations,
          userMetadata: data,
        })
        if (!confirmations) return { kind: 'signedUp', user }
      } catch (e) {
        // Another request created the same address a moment ago.
        if ((e as { code?: string }).code !== '23505') throw e
        await client.query('rollback to savepoint create_user')
        return { kind: 'exists' }
      }
    } else {
      // Claimed before and not confirmed: no password from this sign-up, none from the last.
      await forgetUnprovenPassword(client, user)
      if (secondsSinceMail(user, 'confirmation_token') < mailMaxFrequency) {
        // The code mailed a moment ago still works: no new one, so it is not replaced.
        return { kind: 'waiting', user }
      }
    }
    // The mail's link is a `magiclink` one (see sendCodeMail), so the flow state is too.
    if (pkce) await createFlowState(client, user.id, 'magiclink', pkce)
    const code = await stageCode(client, user.id, 'confirmation_token', email, otpLength, !!pkce)
    return { kind: 'waiting', user, code }
  })

  if (outcome.kind === 'exists') {
    if (!confirmations) throw userExists()
    // GoTrue's answer with confirmations on: a made-up user, so the address is not confirmed taken.
    await answerNoSoonerThan(started)
    return ctx.json(200, madeUpUser(email, data))
  }
  if (outcome.kind === 'signedUp') {
    return ctx.json(200, await signIn(app.db, app.jwt, outcome.user, 'password', meta(ctx)))
  }
  if (outcome.code) {
    await sendCodeMail(app, 'login', email, outcome.code.otp, outcome.code.hash, redirect)
  }
  await answerNoSoonerThan(started)
  ctx.json(200, await loadUserJson(app.db, outcome.user.id))
}

/** GoTrue's sanitizeUser: what sign-up answers for a confirmed address with confirmations on. */
function madeUpUser(email: string, data: Record<string, unknown>) {
  const now = new Date().toISOString()
  return {
    id: randomUUID(),
    aud: 'authenticated',
    role: '',
    email,
    phone: '',
    confirmation_sent_at: now,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  }
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
  if (grant === 'pkce') return pkceGrant(app, ctx, body)
  if (grant === 'id_token') return idTokenGrant(body)
  if (grant === 'web3') {
    throw unprocessable('web3_provider_disabled', 'Web3 provider is disabled')
  }
  // GoTrue's answer for any other grant (an odd code for it, but the client reads it).
  throw badRequest('invalid_credentials', 'unsupported_grant_type')
}

/** POST /token?grant_type=pkce: the auth code from a PKCE link and the verifier, for a session. */
async function pkceGrant(app: App, ctx: Ctx, body: Record<string, unknown>) {
  const authCode = str(body, 'auth_code') ?? ''
  const verifier = str(body, 'code_verifier') ?? ''
  if (!authCode || !verifier) {
    throw validationFailed('invalid request: both auth code and code verifier should be non-empty')
  }
  const redeemed = await inTransaction(app.db, (client) =>
    redeemAuthCode(client, authCode, verifier),
  )
  const user = await findUserById(app.db, redeemed.userId)
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found')
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned')
  const method = (AMR_OF_FLOW[redeemed.method] ?? 'otp') as AmrMethod
  ctx.json(200, await signIn(app.db, app.jwt, user, method, meta(ctx)))
}

const AMR_OF_FLOW: Record<string, string> = {
  magiclink: 'magiclink',
  'email/signup': 'email/signup',
  recovery: 'recovery',
  invite: 'invite',
  email_change: 'email_change',
}

/** Issuers of the OIDC providers GoTrue knows by name, for its "not enabled" message. */
const ISSUERS: Record<string, string> = {
  google: 'https://accounts.google.com',
  facebook: 'https://www.facebook.com',
  kakao: 'https://kauth.kakao.com',
}

/**
 * POST /token?grant_type=id_token (signInWithIdToken): no OIDC provider is enabled here, so this
 * only answers GoTrue's errors: missing fields, then "not enabled" (or "not allowed").
 */
function idTokenGrant(body: Record<string, unknown>): never {
  const provider = str(body, 'provider') ?? ''
  if (!str(body, 'id_token')) throw new OAuthError(400, 'invalid request', 'id_token required')
  if (!provider && !(str(body, 'client_id') && str(body, 'issuer'))) {
    throw new OAuthError(400, 'invalid request', 'provider or client_id and issuer required')
  }
  if (provider === 'apple' || provider === 'azure') {
    const name = provider === 'apple' ? 'Apple' : 'Azure'
    throw validationFailed(`Unable to detect issuer in ID token for ${name} provider`)
  }
  const issuer = ISSUERS[provider]
  if (issuer) throw badRequest('provider_disabled', `Provider (issuer "${issuer}") is not enabled`)
  throw validationFailed(`Custom OIDC provider "${provider}" not allowed`)
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
