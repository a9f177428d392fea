// Which API key a request brings, which role that key stands for, and what goes on to the
// services as `Authorization`. As on hosted Supabase (and the CLI's Kong config):
//
// - `apikey` (header, or query parameter for WebSockets and links) must be a key of this
//   project: the publishable or secret key (`sb_…`, not JWTs) or a legacy anon / service_role JWT.
// - A user's token travels in `Authorization: Bearer <jwt>` and is passed on untouched; the
//   services check it.
// - supabase-js puts its key in `Authorization` too when nobody is signed in. An `sb_` key there
//   is only taken when it is exactly the `apikey`; it is then replaced by a JWT of the key's role,
//   because PostgREST, Auth and Realtime only read JWTs. A request without `Authorization` gets
//   that JWT as well.
// - A secret key is refused from a browser (hosted matches the User-Agent), always with 401.
import type { IncomingHttpHeaders } from 'node:http'

export type Role = 'anon' | 'service_role'

export interface ProjectKeys {
  publishable: string
  secret: string
  /** Legacy JWT keys; also the JWT that the new keys of their role are swapped for. */
  anon: string
  serviceRole: string
}

export interface Refusal {
  status: number
  body: { message: string; hint?: string }
}

export type KeyCheck = { ok: true; role: Role; authorization: string } | ({ ok: false } & Refusal)

const NO_KEY: Refusal = {
  status: 401,
  body: {
    message: 'No API key found in request',
    hint: 'No `apikey` request header or url param was found.',
  },
}

const INVALID_KEY: Refusal = {
  status: 401,
  body: {
    message: 'Invalid API key',
    hint: 'Double check your Supabase `anon` or `service_role` API key.',
  },
}

const SECRET_IN_BROWSER: Refusal = {
  status: 401,
  body: {
    message: 'Forbidden use of secret API key in browser',
    hint: 'Secret API keys can only be used in a protected environment and should never be used in a browser. Use the publishable key instead.',
  },
}

const KEY_AS_BEARER: Refusal = {
  status: 401,
  body: {
    message: 'Invalid API key in Authorization header',
    hint: 'A publishable or secret key may only be sent as `Authorization: Bearer` when it equals the `apikey` header. Send a user access token (JWT) there instead.',
  },
}

/**
 * A browser sends a User-Agent starting "Mozilla/" (every engine does); Chromium also sends
 * `sec-ch-ua` client hints, which page scripts cannot remove. Either one marks a browser here;
 * hosted looks at the User-Agent alone, so this is the stricter of the two. (Sec-Fetch-* would
 * not do: Node's own fetch and WebSocket send them too.)
 */
export function fromBrowser(headers: IncomingHttpHeaders): boolean {
  const ua = headers['user-agent']
  return (typeof ua === 'string' && /\bMozilla\//.test(ua)) || headers['sec-ch-ua'] !== undefined
}

export function createKeyring(keys: ProjectKeys) {
  const roles = new Map<string, Role>([
    [keys.publishable, 'anon'],
    [keys.anon, 'anon'],
    [keys.secret, 'service_role'],
    [keys.serviceRole, 'service_role'],
  ])
  const roleJwt: Record<Role, string> = { anon: keys.anon, service_role: keys.serviceRole }

  /**
   * `key` is the `apikey` header or query parameter, `authorization` the Authorization header.
   * Exact match with a key of this project: a JWT that merely carries the project's signature
   * (a user's token, an expired one) is not an API key.
   */
  function check(
    key: string | undefined,
    authorization: string | undefined,
    headers: IncomingHttpHeaders,
  ): KeyCheck {
    if (!key) return { ok: false, ...NO_KEY }
    const role = roles.get(key)
    if (!role) return { ok: false, ...INVALID_KEY }
    if (key === keys.secret && fromBrowser(headers)) return { ok: false, ...SECRET_IN_BROWSER }
    const bearer = authorization && /^bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
    if (bearer && bearer.startsWith('sb_')) {
      if (bearer !== key) return { ok: false, ...KEY_AS_BEARER }
      return { ok: true, role, authorization: `Bearer ${roleJwt[role]}` }
    }
    // Any other Authorization, even an empty one, goes on as sent (as Kong does); the services
    // judge it.
    return { ok: true, role, authorization: authorization ?? `Bearer ${roleJwt[role]}` }
  }

  /** The JWT that stands for a key, for services that take it as a query parameter. */
  const jwtFor = (role: Role) => roleJwt[role]

  return { check, jwtFor }
}

export type Keyring = ReturnType<typeof createKeyring>
