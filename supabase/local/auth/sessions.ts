// Sessions, refresh tokens (with rotation and reuse detection) and the session JSON.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { inTransaction } from '../db.ts'
import { badRequest } from './errors.ts'
import { aalOf, factorsJsonOf } from './mfa.ts'
import { newRefreshToken, type Jwt } from './tokens.ts'
import { findUserById, identitiesOf, userJson, ZERO_UUID, type UserRow } from './users.ts'

type Queryable = pg.Pool | pg.PoolClient

export type AmrMethod =
  | 'password'
  | 'otp'
  | 'magiclink'
  | 'email/signup'
  | 'recovery'
  | 'email_change'
  | 'invite'
  | 'anonymous'
  | 'totp'

export interface SessionMeta {
  userAgent?: string
  ip?: string
}

/** A new session row with its amr claim and first refresh token. */
export async function createSession(
  db: Queryable,
  userId: string,
  method: AmrMethod,
  meta: SessionMeta,
) {
  const sessionId = randomUUID()
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4::inet)`,
    [sessionId, userId, meta.userAgent ?? null, toInet(meta.ip)],
  )
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method)
     values ($1, now(), now(), $2)`,
    [sessionId, method],
  )
  const token = await insertRefreshToken(db, userId, sessionId, null)
  return { sessionId, refreshToken: token }
}

function toInet(ip: string | undefined): string | null {
  if (!ip) return null
  return /^[0-9a-fA-F:.]+$/.test(ip) ? ip : null
}

async function insertRefreshToken(
  db: Queryable,
  userId: string,
  sessionId: string,
  parent: string | null,
) {
  const token = newRefreshToken()
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [ZERO_UUID, token, userId, parent, sessionId],
  )
  return token
}

/** The session JSON: a fresh access token for the session, and the refresh token given. */
export async function sessionJson(
  db: Queryable,
  jwt: Jwt,
  userId: string,
  sessionId: string,
  refreshToken: string,
) {
  const user = await findUserById(db, userId)
  if (!user) throw badRequest('user_not_found', 'User not found')
  const { rows: amr } = await db.query<{ authentication_method: string; updated_at: Date }>(
    'select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc',
    [sessionId],
  )
  // Everything the reply needs is read before signing, so the token's lifetime starts last.
  const identities = (await identitiesOf(db, [user.id])).get(user.id) ?? []
  const factors = await factorsJsonOf(db, user.id)
  const { token, exp, expiresIn } = await jwt.sign({
    sub: user.id,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role,
    aal: aalOf(amr.map((a) => a.authentication_method)),
    amr: amr.map((a) => ({
      method: a.authentication_method,
      timestamp: Math.floor(a.updated_at.getTime() / 1000),
    })),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  })
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user, identities, factors),
  }
}

/** Signs the user in: updates last_sign_in_at and opens a session. */
export async function signIn(
  db: pg.Pool,
  jwt: Jwt,
  user: UserRow,
  method: AmrMethod,
  meta: SessionMeta,
) {
  const { sessionId, refreshToken } = await inTransaction(db, async (client) => {
    await client.query(
      'update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1',
      [user.id],
    )
    await client.query(
      `update auth.identities set last_sign_in_at = now(), updated_at = now() where user_id = $1 and provider = 'email'`,
      [user.id],
    )
    return createSession(client, user.id, method, meta)
  })
  return sessionJson(db, jwt, user.id, sessionId, refreshToken)
}

interface TokenRow {
  id: string
  token: string
  user_id: string
  revoked: boolean
  parent: string | null
  session_id: string | null
  updated_at: Date
  session_exists: boolean
  not_after: Date | null
}

/**
 * The refresh_token grant, as GoTrue does it: the presented token is revoked and a child with the
 * same session is returned. A revoked token that is the parent of the active one gets the active
 * one back (two tabs refreshing at once); within the reuse interval it gets a new child; later, the
 * reuse looks like a stolen token and the whole session is ended.
 *
 * GoTrue revokes the session's tokens but keeps the session, which lets the just-revoked active
 * token through again inside the reuse interval. We delete the session instead, so its refresh
 * tokens go (cascade) and its access tokens stop working at once (403 session_not_found).
 */
export async function refreshGrant(
  db: pg.Pool,
  jwt: Jwt,
  presented: string,
  reuseIntervalSeconds: number,
) {
  let result: { userId: string; sessionId: string; token: string } | undefined
  let reuseDetected = false
  await inTransaction(db, async (client) => {
    const { rows } = await client.query<TokenRow>(
      `select t.id, t.token, t.user_id, t.revoked, t.parent, t.session_id, t.updated_at,
              s.id is not null as session_exists, s.not_after
       from auth.refresh_tokens t left join auth.sessions s on s.id = t.session_id
       where t.token = $1 for update of t`,
      [presented],
    )
    const row = rows[0]
    if (!row)
      throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    if (!row.session_id || !row.session_exists) {
      throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found')
    }
    if (row.not_after && row.not_after < new Date()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired')
    }
    const user = await findUserById(client, row.user_id)
    if (!user)
      throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    if (user.banned_until && user.banned_until > new Date())
      throw badRequest('user_banned', 'User is banned')

    if (row.revoked) {
      const { rows: active } = await client.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false
         order by id desc limit 1`,
        [row.session_id],
      )
      if (active[0] && active[0].parent === row.token) {
        result = { userId: row.user_id, sessionId: row.session_id, token: active[0].token }
      } else if (Date.now() - row.updated_at.getTime() >= reuseIntervalSeconds * 1000) {
        await client.query('delete from auth.sessions where id = $1', [row.session_id])
        reuseDetected = true
      }
    }
    if (!result && !reuseDetected) {
      if (!row.revoked) {
        await client.query(
          'update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1',
          [row.id],
        )
      }
      const token = await insertRefreshToken(client, row.user_id, row.session_id, row.token)
      await client.query(
        'update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1',
        [row.session_id],
      )
      result = { userId: row.user_id, sessionId: row.session_id, token }
    }
  })
  if (reuseDetected || !result) {
    throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used')
  }
  return sessionJson(db, jwt, result.userId, result.sessionId, result.token)
}
