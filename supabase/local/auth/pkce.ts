// PKCE (RFC 7636) for links in e-mails, as GoTrue does it: a request that carries a
// code_challenge stores a flow state (auth.flow_state) and marks the mailed token with "pkce_";
// opening the link then answers `?code=<auth code>` instead of a session in the URL, and only the
// browser that holds the code_verifier can trade that code for a session (POST /token?grant_type=pkce).
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import type pg from 'pg'
import { AuthError, validationFailed } from './errors.ts'
import { str } from './http.ts'

type Queryable = pg.Pool | pg.PoolClient

/**
 * Where we differ from GoTrue: GoTrue uses up the mailed code when its PKCE link is opened, so a
 * link opened in another browser (or by a mail app's own browser, or a link scanner) kills the
 * 6-digit code in the same mail while giving that browser nothing it can use. Here opening the
 * link only hands out the auth code; the mailed code is used up when the auth code is traded (by
 * the browser with the verifier), and a typed code in turn ends the link's flow state. One mail,
 * one sign-in, either way.
 */
export const LINK_LEAVES_CODE = true

export const PKCE_PREFIX = 'pkce_'
/** GoTrue's defaultFlowStateExpiryDuration. */
export const FLOW_STATE_EXPIRY_SECONDS = 300

/** GoTrue's AuthenticationMethod names, as stored in flow_state.authentication_method. */
export type FlowMethod = 'magiclink' | 'email/signup' | 'recovery' | 'invite' | 'email_change'

/** The authentication method that a verify type stands for (GoTrue's ParseAuthenticationMethod). */
export function flowMethodFor(type: string): FlowMethod | undefined {
  switch (type) {
    case 'magiclink':
      return 'magiclink'
    case 'signup':
      return 'email/signup'
    case 'recovery':
      return 'recovery'
    case 'invite':
      return 'invite'
    case 'email_change':
      return 'email_change'
    default:
      return undefined
  }
}

export interface PkceParams {
  challenge: string
  method: 's256' | 'plain'
}

const CHALLENGE = /^[a-zA-Z._~0-9-]+$/

/**
 * `code_challenge` and `code_challenge_method` from a request body, checked as GoTrue's
 * validatePKCEParams does; undefined when neither is given (the implicit flow). An unknown method
 * is a 400 here; GoTrue lets it through to a 500 when it stores the flow state.
 */
export function pkceParams(body: Record<string, unknown>): PkceParams | undefined {
  const challenge = str(body, 'code_challenge') ?? ''
  const method = str(body, 'code_challenge_method') ?? ''
  if (!challenge !== !method) {
    throw validationFailed('PKCE flow requires code_challenge_method and code_challenge')
  }
  if (!challenge) return undefined
  if (challenge.length < 43 || challenge.length > 128) {
    throw validationFailed('code challenge has to be between 43 and 128 characters')
  }
  if (!CHALLENGE.test(challenge)) {
    throw validationFailed(
      'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes',
    )
  }
  const m = method.toLowerCase()
  if (m !== 's256' && m !== 'plain') throw validationFailed('code challenge method not supported')
  return { challenge, method: m }
}

/** Stores a flow state for the user; its auth code is handed out when the link is opened. */
export async function createFlowState(
  db: Queryable,
  userId: string,
  method: FlowMethod,
  pkce: PkceParams,
) {
  await db.query(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
       provider_type, created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4::auth.code_challenge_method, $5, $6, now(), now(), $7)`,
    [randomUUID(), userId, randomUUID(), pkce.method, pkce.challenge, method, method],
  )
}

/**
 * The auth code of the user's latest flow state for this method, when a PKCE link is opened
 * (GoTrue's issueAuthCode); records when it was handed out.
 */
export async function issueAuthCode(
  db: Queryable,
  userId: string,
  method: FlowMethod,
): Promise<string> {
  const { rows } = await db.query<{ auth_code: string }>(
    `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
     where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
                 order by created_at desc limit 1)
     returning auth_code`,
    [userId, method],
  )
  if (!rows[0]) {
    throw new AuthError(
      400,
      'flow_state_not_found',
      'No associated flow state found. No valid flow state found for user.',
    )
  }
  return rows[0].auth_code
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** GoTrue's VerifyPKCEChallenge. */
export function verifierMatches(challenge: string, method: string, verifier: string): boolean {
  if (method === 's256') {
    return sameText(challenge, createHash('sha256').update(verifier).digest('base64url'))
  }
  return sameText(challenge, verifier)
}

/** Ends the user's e-mail flow states (not an e-mail change's): their code was used another way. */
export async function dropFlowStates(db: Queryable, userId: string) {
  await db.query(
    `delete from auth.flow_state where user_id = $1 and authentication_method <> 'email_change'`,
    [userId],
  )
}

/**
 * Uses up the mailed code behind a traded auth code (the link's own token, "pkce_…") and confirms
 * the address, as opening the link does in GoTrue.
 */
export async function spendLinkCode(client: pg.PoolClient, userId: string) {
  await client.query(
    `update auth.users set
       confirmation_token = case when confirmation_token like 'pkce\\_%' then '' else confirmation_token end,
       recovery_token = case when recovery_token like 'pkce\\_%' then '' else recovery_token end,
       email_confirmed_at = coalesce(email_confirmed_at, now()),
       raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb,
       updated_at = now()
     where id = $1`,
    [userId],
  )
  await client.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb,
       updated_at = now()
     where user_id = $1 and provider = 'email'`,
    [userId],
  )
}

interface FlowRow {
  id: string
  user_id: string | null
  code_challenge: string
  code_challenge_method: string
  authentication_method: string
  created_at: Date
  auth_code_issued_at: Date | null
}

/**
 * Checks an auth code and its verifier, then deletes the flow state (one use). Returns the user
 * and the authentication method; GoTrue's errors otherwise. Runs in the caller's transaction and
 * locks the row, so two exchanges of one code cannot both succeed.
 */
export async function redeemAuthCode(
  client: pg.PoolClient,
  authCode: string,
  verifier: string,
  expirySeconds = FLOW_STATE_EXPIRY_SECONDS,
): Promise<{ userId: string; method: string }> {
  const { rows } = await client.query<FlowRow>(
    `select id, user_id, code_challenge, code_challenge_method::text, authentication_method,
            created_at, auth_code_issued_at
     from auth.flow_state where auth_code = $1 for update`,
    [authCode],
  )
  const flow = rows[0]
  if (!flow || !flow.user_id) {
    throw new AuthError(
      404,
      'flow_state_not_found',
      'invalid flow state, no valid flow state found',
    )
  }
  // A magic link's flow state lives from when its code was handed out; the others from creation.
  const from =
    flow.auth_code_issued_at && flow.authentication_method === 'magiclink'
      ? flow.auth_code_issued_at
      : flow.created_at
  if (from.getTime() + expirySeconds * 1000 < Date.now()) {
    throw new AuthError(422, 'flow_state_expired', 'invalid flow state, flow state has expired')
  }
  if (!verifierMatches(flow.code_challenge, flow.code_challenge_method, verifier)) {
    throw new AuthError(
      400,
      'bad_code_verifier',
      'code challenge does not match previously saved code verifier',
    )
  }
  await client.query('delete from auth.flow_state where id = $1', [flow.id])
  if (flow.authentication_method !== 'email_change') await spendLinkCode(client, flow.user_id)
  return { userId: flow.user_id, method: flow.authentication_method }
}
