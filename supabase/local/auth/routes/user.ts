// The signed-in person's own account: read it, change it, sign out.
import { inTransaction } from '../../db.ts'
import { requireUser, type App } from '../app.ts'
import { checkMailFrequency, stageEmailChange, type CodeMail } from '../codes.ts'
import { forbidden, unprocessable, validationFailed } from '../errors.ts'
import { obj, str, type Ctx } from '../http.ts'
import { assertPasswordAllowed } from '../password.ts'
import { findUserByEmail, findUserById, isEmail, loadUserJson, mergeMetadata } from '../users.ts'
import { sendCodeMail } from './otp.ts'

export async function getUser(app: App, ctx: Ctx) {
  const { user } = await requireUser(app, ctx)
  ctx.json(200, await loadUserJson(app.db, user.id))
}

export async function putUser(app: App, ctx: Ctx) {
  const caller = await requireUser(app, ctx)
  const body = await ctx.body()
  if (body.app_metadata !== undefined && body.app_metadata !== null) {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges')
  }
  const data = obj(body, 'data')
  const password = str(body, 'password')
  const rawEmail = str(body, 'email')
  const email = rawEmail?.trim().toLowerCase()
  if (password !== undefined) assertPasswordAllowed(app.cfg, password)
  if (email !== undefined && !isEmail(email)) {
    throw validationFailed('Unable to validate email address: invalid format')
  }

  let mails: CodeMail[] = []
  await inTransaction(app.db, async (client) => {
    const user = (await findUserById(client, caller.user.id, true))!
    if (data) {
      await client.query(
        'update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1',
        [user.id, mergeMetadata(user.raw_user_meta_data, data)],
      )
    }
    if (password !== undefined) {
      if (await app.checkPassword(password, user.encrypted_password)) {
        throw unprocessable(
          'same_password',
          'New password should be different from the old password.',
        )
      }
      await client.query(
        'update auth.users set encrypted_password = $2, updated_at = now() where id = $1',
        [user.id, await app.hashPassword(password)],
      )
      // Someone who knew the old password must not stay signed in elsewhere.
      await client.query(
        'delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid',
        [user.id, caller.sessionId ?? null],
      )
    }
    if (email !== undefined && email !== user.email?.toLowerCase()) {
      const taken = await findUserByEmail(client, email)
      if (taken)
        throw unprocessable(
          'email_exists',
          'A user with this email address has already been registered',
        )
      checkMailFrequency(user, 'email_change_token_new', app.cfg.mailMaxFrequency)
      mails = await stageEmailChange(client, user, email, app.cfg.otpLength)
    }
  })
  const redirect = app.redirects.resolve(ctx.url.searchParams.get('redirect_to'))
  for (const m of mails) await sendCodeMail(app, m.kind, m.to, m.otp, m.hash, redirect, m.newEmail)
  ctx.json(200, await loadUserJson(app.db, caller.user.id))
}

export async function logout(app: App, ctx: Ctx) {
  const { user, sessionId } = await requireUser(app, ctx)
  const scope = ctx.url.searchParams.get('scope') ?? 'global'
  if (scope === 'global' || (!sessionId && scope === 'local')) {
    await app.db.query('delete from auth.sessions where user_id = $1', [user.id])
  } else if (scope === 'local') {
    await app.db.query('delete from auth.sessions where id = $1', [sessionId])
  } else if (scope === 'others') {
    await app.db.query(
      'delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid',
      [user.id, sessionId ?? null],
    )
  } else {
    throw validationFailed('Unsupported logout scope')
  }
  ctx.empty(204)
}
