// Helpers shared by the Auth tests: raw calls where supabase-js cannot express the request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import pg from 'pg'
import type { StackInfo } from '../../supabase/local/stack.ts'
import { stackInfo } from '../support/clients.ts'

/** A server's JSON answer: its shape is what each test asserts, so it is deliberately loose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of unknown shape
type AnyJson = any

export const API_VERSION = '2024-01-01'

interface AuthFetchInit {
  method?: string
  body?: string | object
  bearer?: string
  headers?: Record<string, string>
}

/** A raw call to /auth/v1 with the anon key, as auth-js would send it. */
export function authFetch(path: string, init: AuthFetchInit = {}) {
  return authFetchOn(stackInfo(), path, init)
}

/** `authFetch` against a given stack, e.g. a private one a test file started. */
export async function authFetchOn(info: StackInfo, path: string, init: AuthFetchInit = {}) {
  const { apiUrl, anonKey } = info
  const res = await fetch(`${apiUrl}/auth/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    redirect: 'manual',
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${init.bearer ?? anonKey}`,
      'x-supabase-api-version': API_VERSION,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
      ...init.headers,
    },
    body: typeof init.body === 'object' ? JSON.stringify(init.body) : init.body,
  })
  const text = await res.text()
  let json: AnyJson
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, json, text }
}

/** Signs claims with the stack's secret, e.g. to make an access token that has already expired. */
export async function signJwt(claims: Record<string, unknown>, opts: { iat: number; exp: number }) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(opts.iat)
    .setExpirationTime(opts.exp)
    .sign(new TextEncoder().encode(stackInfo().jwtSecret))
}

export function decodeJwt(token: string): { header: AnyJson; payload: AnyJson } {
  const [h, p] = token.split('.')
  const dec = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
  return { header: dec(h), payload: dec(p) }
}

/** The 6-digit code in a mail body. */
export function codeIn(text: string): string {
  const m = /^\s*(\d{6})\s*$/m.exec(text)
  if (!m) throw new Error(`no code in mail:\n${text}`)
  return m[1]
}

export function linkIn(text: string): string {
  const m = /(https?:\/\/\S+\/auth\/v1\/verify\?\S+)/.exec(text)
  if (!m) throw new Error(`no link in mail:\n${text}`)
  return m[1]
}

/** Clients and checks for a private stack that a test file started itself. */
export function clientsFor(info: StackInfo) {
  return {
    anon(): SupabaseClient {
      return createClient(info.apiUrl, info.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      })
    },
    async latestMail(to: string): Promise<{ subject: string; text: string } | undefined> {
      const res = await fetch(`${info.mailboxUrl}/api/latest?to=${encodeURIComponent(to)}`)
      if (res.status === 404) return undefined
      return (await res.json()) as { subject: string; text: string }
    },
    async sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
      text: string,
      params: unknown[] = [],
    ): Promise<T[]> {
      const client = new pg.Client({ connectionString: info.dbUrl })
      await client.connect()
      try {
        return (await client.query<T>(text, params)).rows
      } finally {
        await client.end()
      }
    },
    fetch: (path: string, init: AuthFetchInit = {}) => authFetchOn(info, path, init),
  }
}

/** Serves an Auth server on a free loopback port, mounted as the gateway mounts it (/auth/v1). */
export async function serveAuth(auth: {
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> | void
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost')
    void auth.handle(req, res, u.pathname.replace(/^\/auth\/v1/, ''), u)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
