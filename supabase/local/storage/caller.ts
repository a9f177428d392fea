// Who is calling, and running SQL as them. Storage verifies the bearer token itself (ES256 with
// the project's signing keys, or HS256 with the legacy secret, as Auth signs them) and runs each metadata query in a transaction as the token's role with
// its claims in `request.jwt.claims`, as PostgREST does, so RLS policies on `storage.objects`
// decide exactly as on a hosted project.
import { errors, jwtVerify, type JWTPayload } from 'jose'
import type { IncomingMessage } from 'node:http'
import type pg from 'pg'
import { ACCEPTED_ALGORITHMS, keyResolver } from '../signing.ts'
import type { SigningKey } from '../types.ts'
import { ERRORS, fromDatabaseError } from './errors.ts'

export interface Caller {
  role: 'anon' | 'authenticated' | 'service_role'
  claims: JWTPayload & { role: string; sub?: string }
  /** The user id (`sub`) when the token carries one. */
  owner?: string
}

const ROLES = new Set(['anon', 'authenticated', 'service_role'])

export function createTokens(jwtSecret: string, signingKeys: readonly SigningKey[] = []) {
  const key = keyResolver(jwtSecret, signingKeys)
  /** Storage's own signed URLs are HS256 with the project's secret, as hosted Storage's. */
  const secret = new TextEncoder().encode(jwtSecret)

  async function verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ACCEPTED_ALGORITHMS })
      return payload
    } catch (e) {
      if (e instanceof errors.JWTExpired)
        throw ERRORS.invalidJwt('"exp" claim timestamp check failed')
      if (e instanceof errors.JWSSignatureVerificationFailed)
        throw ERRORS.invalidJwt('signature verification failed')
      throw ERRORS.invalidJwt((e as Error).message || 'Invalid JWT')
    }
  }

  /**
   * The caller from `Authorization: Bearer …`, falling back to the apikey (the gateway has
   * already checked it is one of the project's keys). An opaque publishable or secret key
   * (`sb_…`) stands for the anon or service role, as Supabase's gateway maps them.
   */
  async function caller(req: IncomingMessage, url: URL): Promise<Caller> {
    const auth = req.headers.authorization ?? ''
    const bearer = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim()
    // Only the apikey has been checked against the project's keys (by the gateway), so an
    // opaque `sb_…` key counts only there; in Authorization it is ignored, as Supabase does.
    const apikey =
      (req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey') ?? ''
    let token = bearer && !bearer.startsWith('sb_') ? bearer : undefined
    if (!token) {
      if (apikey.startsWith('sb_publishable_')) return { role: 'anon', claims: { role: 'anon' } }
      if (apikey.startsWith('sb_secret_'))
        return { role: 'service_role', claims: { role: 'service_role' } }
      token = apikey || undefined
    }
    if (!token) throw ERRORS.accessDenied403('Access denied: JWT is not authenticated')
    let claims: JWTPayload
    try {
      claims = await verify(token)
    } catch (e) {
      throw ERRORS.accessDenied((e as Error).message)
    }
    const role = claims.role
    if (typeof role !== 'string' || !ROLES.has(role))
      throw ERRORS.accessDenied403('Access denied: Invalid role')
    return {
      role: role as Caller['role'],
      claims: claims as Caller['claims'],
      owner: typeof claims.sub === 'string' ? claims.sub : undefined,
    }
  }

  return { verify, caller, secret }
}

/**
 * One transaction as the caller: `set local role`, the claims in `request.jwt.claims` (and the
 * older `request.jwt.claim.sub`/`.role` settings), then the work. Errors from Postgres are
 * rendered as Storage renders them.
 */
export async function asCaller<T>(
  db: pg.Pool,
  caller: Caller,
  work: (client: pg.PoolClient) => Promise<T>,
  opts: { rollback?: boolean; allowDelete?: boolean } = {},
): Promise<T> {
  const client = await db.connect()
  try {
    await client.query('begin')
    // set_config('role', …, true) is `set local role`; the role is one of three fixed names
    // (checked in caller()), and one statement saves a round trip per request.
    await client.query(
      `select set_config('request.jwt.claims', $1, true),
              set_config('request.jwt.claim.sub', $2, true),
              set_config('request.jwt.claim.role', $3, true),
              set_config('storage.allow_delete_query', $4, true),
              set_config('role', $3, true)`,
      [
        JSON.stringify(caller.claims),
        caller.owner ?? '',
        caller.role,
        opts.allowDelete ? 'true' : 'false',
      ],
    )
    const out = await work(client)
    await client.query(opts.rollback ? 'rollback' : 'commit')
    return out
  } catch (e) {
    await client.query('rollback').catch(() => undefined)
    throw fromDatabaseError(e)
  } finally {
    client.release()
  }
}

/** The Storage server's own transaction, as the superuser (upstream `asSuperUser()`). */
export async function asSuperUser<T>(
  db: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  opts: { allowDelete?: boolean } = {},
): Promise<T> {
  const client = await db.connect()
  try {
    await client.query('begin')
    if (opts.allowDelete) await client.query(`set local storage.allow_delete_query = 'true'`)
    const out = await work(client)
    await client.query('commit')
    return out
  } catch (e) {
    await client.query('rollback').catch(() => undefined)
    throw fromDatabaseError(e)
  } finally {
    client.release()
  }
}
