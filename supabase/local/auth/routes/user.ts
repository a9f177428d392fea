// The signed-in person's own account: read it, change it, sign out.
import { inTransaction } from '../../db.ts'
import { requireUser, type App } from '../app.ts'
import { checkMailFrequency, stageEmailChange, type CodeMail } from '../codes.ts'
import {
  badRequest,
  forbidden,
  requestRateLimit,
  unprocessable,
  validationFailed,
} from '../errors.ts'
import { obj, str, type Ctx } from '../http.ts'
import { assertPasswordAllowed } from '../password.ts'
import { findUserByEmail, findUserById, isEmail, loadUserJson, mergeMetadata } from '../users.ts'
import { sendCodeMail } from './otp.ts'
import { createFlowState, pkceParams } from '../pkce.ts'
import { sameSecret, tokenHash } from '../tokens.ts'
import type { App as AppT } from '../app.ts'
import type { UserRow } from '../users.ts'
import type pg from 'pg'

/** GoTrue asks for a nonce when the session is older than 24 hours (or there is none). */
async function recentSession(client: pg.PoolClient, sessionId: string | undefined) {
  if (!sessionId) return false
  const { rows } = await client.query<{ recent: boolean }>(
    `select created_at > now() - interval '24 hours' as recent from auth.sessions where id = $1`,
    [sessionId],
  )
  return rows[0]?.recent === true
}

const invalidNonce = () =>
  unprocessable('reauthentication_not_valid', 'Nonce has expired or is invalid')

/** Checks the nonce from GET /reauthenticate and uses it up (GoTrue's verifyReauthentication). */
async function useNonce(client: pg.PoolClient, app: AppT, user: UserRow, nonce: string) {
  const { rows } = await client.query<{ token: string; sent_at: Date | null }>(
    `select reauthentication_token as token, reauthentication_sent_at as sent_at
     from auth.users where id = $1`,
    [user.id],
  )
  // Six digits: a few wrong nonces per account, then a pause (GoTrue has no such limit).
  const tries = app.limits.wrongCodesPerEmail
  if (!tries.hit(`reauth:${user.id}`)) throw requestRateLimit()
  const row = rows[0]
  if (!row?.token || !row.sent_at || !user.email) throw invalidNonce()
  const fresh = row.sent_at.getTime() + app.cfg.otpExpiry * 1000 >= Date.now()
  if (!fresh || !sameSecret(row.token, tokenHash(user.email, nonce.trim()))) throw invalidNonce()
  await client.query(
    `update auth.users set reauthentication_token = '', reauthentication_sent_at = null where id = $1`,
    [user.id],
  )
  tries.reset(`reauth:${user.id}`)
}

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
  const nonce = str(body, 'nonce') ?? ''
  const pkce = pkceParams(body)
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
      if (app.cfg.securePasswordChange && !(await recentSession(client, caller.sessionId))) {
        if (!nonce) {
          throw badRequest('reauthentication_needed', 'Password update requires reauthentication')
        }
        await useNonce(client, app, user, nonce)
      }
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
      if (pkce) await createFlowState(client, user.id, 'email_change', pkce)
      mails = await stageEmailChange(client, user, email, app.cfg.otpLength, !!pkce)
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
