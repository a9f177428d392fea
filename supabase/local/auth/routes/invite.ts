// Invites (admin only), reauthentication before a password change, and the identity-linking
// endpoints, which answer as GoTrue does with manual linking off.
import { inTransaction } from '../../db.ts'
import { limit, requireAdmin, requireUser, type App } from '../app.ts'
import { stageCode } from '../codes.ts'
import {
  AuthError,
  badRequest,
  emailRateLimit,
  unprocessable,
  validationFailed,
} from '../errors.ts'
import { obj, str, type Ctx } from '../http.ts'
import { authMail } from '../mail.ts'
import { newOtp, tokenHash } from '../tokens.ts'
import { createUser, findUserByEmail, isEmail, loadUserJson, mergeMetadata } from '../users.ts'
import { sendCodeMail } from './otp.ts'

/**
 * POST /invite (service role): creates the user when new (metadata exactly as given), sets
 * invited_at and mails a link of type `invite`; an address that is already confirmed gets
 * GoTrue's 422 email_exists. An unconfirmed address is invited again.
 */
export async function invite(app: App, ctx: Ctx) {
  await requireAdmin(app, ctx)
  const body = await ctx.body()
  const email = str(body, 'email')?.trim().toLowerCase() ?? ''
  if (!email) throw validationFailed('An email address is required')
  if (!isEmail(email)) throw validationFailed('Unable to validate email address: invalid format')
  const data = obj(body, 'data') ?? {}
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  limit(app, 'mailPerIp', ctx.ip)
  const staged = await inTransaction(app.db, async (client) => {
    let user = await findUserByEmail(client, email, true)
    if (user?.email_confirmed_at) {
      throw unprocessable(
        'email_exists',
        'A user with this email address has already been registered',
      )
    }
    if (!user) {
      user = await createUser(client, {
        email,
        passwordHash: '',
        confirmed: false,
        userMetadata: data,
        metadataAsGiven: true,
      })
    } else if (Object.keys(data).length) {
      await client.query('update auth.users set raw_user_meta_data = $2 where id = $1', [
        user.id,
        mergeMetadata(user.raw_user_meta_data, data),
      ])
    }
    await client.query('update auth.users set invited_at = now() where id = $1', [user.id])
    const code = await stageCode(client, user.id, 'confirmation_token', email, app.cfg.otpLength)
    return { userId: user.id, ...code }
  })
  await sendCodeMail(app, 'invite', email, staged.otp, staged.hash, redirect)
  ctx.json(200, await loadUserJson(app.db, staged.userId))
}

/** GET /reauthenticate: mails a nonce for `updateUser({ password, nonce })`. */
export async function reauthenticate(app: App, ctx: Ctx) {
  const { user } = await requireUser(app, ctx)
  if (!user.email && !user.phone) {
    throw badRequest(
      'validation_failed',
      'Reauthentication requires the user to have an email or a phone number',
    )
  }
  if (!user.email) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled')
  if (!user.email_confirmed_at) {
    throw unprocessable('email_not_confirmed', 'Please verify your email first.')
  }
  const email = user.email
  limit(app, 'mailPerIp', ctx.ip)
  const otp = await inTransaction(app.db, async (client) => {
    const { rows } = await client.query<{ reauthentication_sent_at: Date | null }>(
      'select reauthentication_sent_at from auth.users where id = $1 for update',
      [user.id],
    )
    const sentAt = rows[0]?.reauthentication_sent_at
    const waited = sentAt ? (Date.now() - sentAt.getTime()) / 1000 : Infinity
    if (waited < app.cfg.mailMaxFrequency) {
      throw emailRateLimit(Math.ceil(app.cfg.mailMaxFrequency - waited))
    }
    const code = newOtp(app.cfg.otpLength)
    await client.query(
      `update auth.users set reauthentication_token = $2, reauthentication_sent_at = now(),
         updated_at = now() where id = $1`,
      [user.id, tokenHash(email, code)],
    )
    return code
  })
  try {
    const { rows } = await app.db.query<{ data: Record<string, unknown> | null }>(
      'select raw_user_meta_data as data from auth.users where id = $1',
      [user.id],
    )
    await app.mailer.send(
      authMail(
        'reauthentication',
        email,
        { code: otp, link: '', data: rows[0]?.data ?? {} },
        app.cfg.templates,
      ),
    )
  } catch (e) {
    app.log(`mail to ${email} failed: ${(e as Error).message}`)
    throw new AuthError(500, 'unexpected_failure', 'Error sending reauthentication email')
  }
  ctx.json(200, {})
}

/** GET /user/identities/authorize and DELETE /user/identities/:id, with manual linking off. */
export async function identities(app: App, ctx: Ctx) {
  await requireUser(app, ctx)
  throw new AuthError(404, 'manual_linking_disabled', 'Manual linking is disabled')
}
