// Sign-in by e-mail: send a code and magic link (/otp), password recovery (/recover), and
// using a code or link (/verify, by POST from the app or GET from the e-mail).
import { inTransaction } from '../../db.ts'
import { limit, type App } from '../app.ts'
import { MAIL_ANSWER_FLOOR_MS } from '../config.ts'
import {
  assertVerifyType,
  checkMailFrequency,
  findByCode,
  forgetUnprovenPassword,
  secondsSinceMail,
  stageCode,
  stageEmailChange,
  useCode,
  type CodeColumn,
  type CodeMail,
  type VerifyType,
} from '../codes.ts'
import {
  AuthError,
  emailRateLimit,
  otpExpired,
  requestRateLimit,
  tooMany,
  unprocessable,
  validationFailed,
} from '../errors.ts'
import { bool, obj, str, type Ctx } from '../http.ts'
import { authMail, type MailKind } from '../mail.ts'
import { signIn } from '../sessions.ts'
import { tokenHash } from '../tokens.ts'
import {
  createFlowState,
  dropFlowStates,
  flowMethodFor,
  issueAuthCode,
  pkceParams,
  PKCE_PREFIX,
} from '../pkce.ts'
import { createUser, findUserByEmail, isEmail, type UserRow } from '../users.ts'

export function verifyLink(app: App, hash: string, type: string, redirectTo: string) {
  const q = new URLSearchParams({ token: hash, type, redirect_to: redirectTo })
  return `${app.apiUrl}/auth/v1/verify?${q}`
}

export async function sendCodeMail(
  app: App,
  kind: MailKind,
  to: string,
  otp: string,
  hash: string,
  redirectTo: string,
  newEmail?: string,
) {
  // `[auth.rate_limit] email_sent`: every auth mail of the project counts, per hour.
  if (!app.mailsPerHour.hit('all')) {
    throw tooMany('over_email_send_rate_limit', 'email rate limit exceeded')
  }
  const type = kind === 'login' ? 'magiclink' : kind
  const link = verifyLink(app, hash, type, redirectTo)
  // The person's user metadata, as GoTrue passes it to the template (.Data): its locale chooses
  // the language. For an e-mail change the new address is still in email_change.
  const { rows } = await app.db.query<{ data: Record<string, unknown> | null }>(
    `select raw_user_meta_data as data from auth.users
      where lower(email) = lower($1) or lower(email_change) = lower($1)
      order by (lower(email) = lower($1)) desc limit 1`,
    [to],
  )
  const mail = authMail(
    kind,
    to,
    {
      code: otp,
      link,
      newEmail,
      data: rows[0]?.data ?? {},
      siteUrl: app.redirects.siteUrl,
    },
    app.cfg.templates,
  )
  try {
    await app.mailer.send(mail)
  } catch (e) {
    app.log(`mail to ${to} failed: ${(e as Error).message}`)
    throw new AuthError(500, 'unexpected_failure', 'Error sending magic link email')
  }
}

function requireEmail(body: Record<string, unknown>, message: string): string {
  const raw = str(body, 'email')
  if (!raw) throw validationFailed(message)
  const email = raw.trim().toLowerCase()
  if (!isEmail(email)) throw validationFailed('Unable to validate email address: invalid format')
  return email
}

/** POST /otp: a 6-digit code and a magic link in one mail; creates the account when allowed. */
export async function otp(app: App, ctx: Ctx) {
  const started = performance.now()
  const body = await ctx.body()
  const email = requireEmail(body, 'An email address or phone number is required')
  const createAllowed = bool(body, 'create_user') ?? true
  const data = obj(body, 'data') ?? {}
  const pkce = pkceParams(body)
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  limit(app, 'mailPerIp', ctx.ip)

  const staged = await inTransaction(app.db, async (client) => {
    let user = await findUserByEmail(client, email, true)
    if (!user) {
      if (!createAllowed) throw unprocessable('otp_disabled', 'Signups not allowed for otp')
      try {
        await client.query('savepoint create_user')
        user = await createUser(client, {
          email,
          passwordHash: '',
          confirmed: false,
          userMetadata: data,
        })
      } catch (e) {
        // Another request created the same address a moment ago: treat it as a repeat.
        if ((e as { code?: string }).code !== '23505') throw e
        await client.query('rollback to savepoint create_user')
        user = (await findUserByEmail(client, email, true))!
      }
    }
    // Not yet confirmed: the code confirms the address (GoTrue's sign-up path); else a login code.
    const column: CodeColumn = user.email_confirmed_at ? 'recovery_token' : 'confirmation_token'
    await forgetUnprovenPassword(client, user)
    const waited = secondsSinceMail(user, column)
    if (waited < app.cfg.mailMaxFrequency) return { wait: app.cfg.mailMaxFrequency - waited }
    if (pkce) await createFlowState(client, user.id, 'magiclink', pkce)
    return stageCode(client, user.id, column, email, app.cfg.otpLength, !!pkce)
  })
  if ('wait' in staged) throw emailRateLimit(Math.ceil(staged.wait))
  await sendCodeMail(app, 'login', email, staged.otp, staged.hash, redirect)
  await answerNoSoonerThan(started)
  ctx.json(200, {})
}

/**
 * POST /recover: always 200 {}, so the answer never tells whether an address has an account.
 * Unlike GoTrue, a repeat within the mail interval is also a silent 200 (no mail), for the same reason.
 */
export async function recover(app: App, ctx: Ctx) {
  const started = performance.now()
  const body = await ctx.body()
  const email = requireEmail(body, 'Password recovery requires an email')
  const pkce = pkceParams(body)
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  limit(app, 'mailPerIp', ctx.ip)
  const staged = await inTransaction(app.db, async (client) => {
    const user = await findUserByEmail(client, email, true)
    if (!user) return undefined
    try {
      checkMailFrequency(user, 'recovery_token', app.cfg.mailMaxFrequency)
    } catch {
      return undefined
    }
    if (pkce) await createFlowState(client, user.id, 'recovery', pkce)
    return stageCode(client, user.id, 'recovery_token', email, app.cfg.otpLength, !!pkce)
  })
  if (staged) await sendCodeMail(app, 'recovery', email, staged.otp, staged.hash, redirect)
  await answerNoSoonerThan(started)
  ctx.json(200, {})
}

/** Waits until MAIL_ANSWER_FLOOR_MS have passed since `started` (see config.ts). */
export async function answerNoSoonerThan(started: number): Promise<void> {
  const wait = MAIL_ANSWER_FLOOR_MS - (performance.now() - started)
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
}

/** GoTrue's answer when the first of the two addresses of an e-mail change has confirmed. */
const OTHER_ADDRESS_NEXT =
  'Confirmation link accepted. Please proceed to confirm link sent to the other email'

/**
 * Finds the code, uses it up and signs the person in: a session, 'waiting' for the first half of
 * an e-mail change, or undefined when the code is wrong or expired. A PKCE link (its token starts
 * with "pkce_") opened by GET gives the flow state's auth code instead of a session.
 */
async function redeem(
  app: App,
  ctx: Ctx,
  type: VerifyType,
  hash: string,
  email: string | undefined,
  pkceLink = false,
) {
  const found = await inTransaction(app.db, async (client) => {
    const hit = await findByCode(client, type, hash, email, app.cfg.otpExpiry)
    if (!hit) return undefined
    const changingEmail = hit.column.startsWith('email_change')
    if (pkceLink && !changingEmail) {
      // Not used up yet (unlike GoTrue): the code is spent when the auth code is traded, so a
      // link opened in a browser without the verifier (a mail app's own) leaves the typed code
      // working. See LINK_LEAVES_CODE in ../pkce.ts.
      const authCode = await issueAuthCode(client, hit.user.id, flowMethodFor(type)!)
      return { ...hit, step: 'done' as const, authCode }
    }
    const step = await useCode(client, hit)
    // A typed code (or an implicit link) signs in: the same mail's PKCE link may not as well.
    if (!changingEmail) await dropFlowStates(client, hit.user.id)
    if (!pkceLink || step === 'waiting') return { ...hit, step }
    const authCode = await issueAuthCode(client, hit.user.id, flowMethodFor(type)!)
    return { ...hit, step, authCode }
  })
  if (!found) return undefined
  if (found.step === 'waiting') return 'waiting' as const
  if ('authCode' in found && found.authCode) return { authCode: found.authCode }
  return signIn(app.db, app.jwt, found.user, 'otp', {
    ip: ctx.ip,
    userAgent: ctx.req.headers['user-agent'],
  })
}

/**
 * Every verification counts against the client IP, right or wrong, whatever its form, before
 * anything else: GUESSING in config.ts has the sums.
 */
function countVerification(app: App, ctx: Ctx) {
  if (!app.verifications.hit(ctx.ip)) throw requestRateLimit()
}

/** POST /verify: `{email, token, type}` (a typed code) or `{token_hash, type}` (from a link). */
export async function verifyPost(app: App, ctx: Ctx) {
  const body = await ctx.body()
  countVerification(app, ctx)
  const type = assertVerifyType(str(body, 'type'))
  // Blank and whitespace tokens end here, before any query.
  const hashFromLink = str(body, 'token_hash')?.trim()
  const code = str(body, 'token')?.trim()
  if (!hashFromLink === !code) {
    throw validationFailed('Verify requires either a token or a token hash')
  }
  if (hashFromLink) {
    const result = await redeem(app, ctx, type, hashFromLink, undefined)
    if (!result) throw otpExpired(true)
    return result === 'waiting'
      ? ctx.json(200, { msg: OTHER_ADDRESS_NEXT, code: '200' })
      : ctx.json(200, result)
  }
  const email = requireEmail(
    body,
    'Only an email address or phone number should be provided on verify',
  )
  // Six digits are a million guesses: a handful of wrong ones per address, then a pause.
  const wrongPerEmail = app.limits.wrongCodesPerEmail
  if (!wrongPerEmail.hit(email)) throw requestRateLimit()
  const result = await redeem(app, ctx, type, tokenHash(email, code!), email)
  if (!result) throw otpExpired()
  wrongPerEmail.reset(email)
  if (result === 'waiting') return ctx.json(200, { msg: OTHER_ADDRESS_NEXT, code: '200' })
  ctx.json(200, result)
}

function fragment(params: Record<string, string>): string {
  const q = new URLSearchParams()
  for (const key of Object.keys(params).sort()) q.set(key, params[key])
  return q.toString()
}

/** `target` with extra query parameters (GoTrue's PKCE answers carry them in the query). */
function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return url.toString().replace(/#.*$/, '')
}

/**
 * GET /verify: the link in the e-mail. Always a 303 back to the app: the session in the hash
 * (implicit flow), or `?code=` to trade for one with the code verifier (PKCE flow, token "pkce_…").
 * Errors go in the hash, and for a PKCE link in the query too, as GoTrue's.
 */
export async function verifyGet(app: App, ctx: Ctx) {
  const q = ctx.url.searchParams
  const redirect = app.redirects.resolve(q.get('redirect_to'))
  const hash = q.get('token')?.trim()
  const pkceLink = !!hash?.startsWith(PKCE_PREFIX)
  const base = (params: Record<string, string>) =>
    pkceLink ? withQuery(redirect, params) : redirect.replace(/#.*$/, '')
  const fail = (err: AuthError) => {
    const error = err.status === 403 || err.status === 429 ? 'access_denied' : 'invalid_request'
    const params = { error, error_code: err.code, error_description: err.message }
    return ctx.redirect(`${base(params)}#${fragment({ ...params, sb: '' })}`)
  }
  try {
    countVerification(app, ctx)
    const type = assertVerifyType(q.get('type') ?? undefined)
    if (!hash) throw validationFailed('Verify requires a token or a token hash')
    if (pkceLink && !flowMethodFor(type)) {
      throw validationFailed('Unsupported verification type')
    }
    const result = await redeem(app, ctx, type, hash, undefined, pkceLink)
    if (!result) throw otpExpired(true)
    if (result === 'waiting') {
      const target = base({ message: OTHER_ADDRESS_NEXT })
      return ctx.redirect(`${target}#${fragment({ message: OTHER_ADDRESS_NEXT, sb: '' })}`)
    }
    if ('authCode' in result) return ctx.redirect(withQuery(redirect, { code: result.authCode }))
    ctx.redirect(
      `${redirect}#${fragment({
        access_token: result.access_token,
        expires_at: String(result.expires_at),
        expires_in: String(result.expires_in),
        refresh_token: result.refresh_token,
        sb: '',
        token_type: 'bearer',
        type,
      })}`,
    )
  } catch (e) {
    if (e instanceof AuthError) return fail(e)
    throw e
  }
}

/**
 * POST /resend `{type: 'signup' | 'email_change', email}`: a fresh code for a pending sign-up or
 * e-mail change. Like /recover it answers 200 {} no sooner than MAIL_ANSWER_FLOOR_MS, whether or not
 * there is anything to resend; a repeat within the mail interval is a silent 200 too (GoTrue
 * answers 429 there, which tells a stranger that the address has a pending account).
 */
export async function resend(app: App, ctx: Ctx) {
  const started = performance.now()
  const body = await ctx.body()
  const type = str(body, 'type')
  if (type !== 'signup' && type !== 'email_change') {
    throw validationFailed('Missing one of these types: signup, email_change')
  }
  const email = requireEmail(body, 'An email address or phone number is required')
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  limit(app, 'mailPerIp', ctx.ip)
  const recent = (user: UserRow, column: CodeColumn) =>
    secondsSinceMail(user, column) < app.cfg.mailMaxFrequency
  const mails = await inTransaction(app.db, async (client): Promise<CodeMail[]> => {
    if (type === 'signup') {
      const user = await findUserByEmail(client, email, true)
      if (!user || user.email_confirmed_at || recent(user, 'confirmation_token')) return []
      const code = await stageCode(client, user.id, 'confirmation_token', email, app.cfg.otpLength)
      return [{ ...code, to: email, kind: 'login' }]
    }
    const { rows } = await client.query<UserRow>(
      `select * from auth.users where (lower(email) = $1 or lower(email_change) = $1)
         and email_change <> '' and deleted_at is null for update`,
      [email],
    )
    const user = rows[0]
    // Nothing pending, or the new address has been taken since: nothing to resend.
    if (!user || (await findUserByEmail(client, user.email_change))) return []
    if (recent(user, 'email_change_token_new')) return []
    return stageEmailChange(client, user, user.email_change, app.cfg.otpLength)
  })
  for (const m of mails) await sendCodeMail(app, m.kind, m.to, m.otp, m.hash, redirect, m.newEmail)
  await answerNoSoonerThan(started)
  ctx.json(200, {})
}
