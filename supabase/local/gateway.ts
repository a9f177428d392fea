// The API gateway on the public port, doing what Kong does in Supabase's stack: CORS
// (gateway/cors.ts), the API key check and its role (gateway/apikey.ts), a body size limit, and
// routing by path prefix (gateway/proxy.ts; the routes are listed in createGateway below).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { createKeyring, type ProjectKeys } from './gateway/apikey.ts'
import { preflight, sendJson, setCors } from './gateway/cors.ts'
import { inProcess, proxyTo, type Route } from './gateway/proxy.ts'
import type { HttpService, Log, RealtimeService } from './types.ts'

export interface GatewayOptions {
  port: number
  /**
   * The project's API keys, the only values `apikey` may hold, as on hosted Supabase. A user's
   * access token goes in `Authorization`, never here.
   */
  keys: ProjectKeys
  postgrestPort: () => number
  auth: HttpService
  realtime: RealtimeService
  /** Edge Functions at /functions/v1/<name> (functions.ts). */
  functions?: HttpService
  /** Storage at /storage/v1 (storage/index.ts); it bounds upload bodies by each bucket's limit. */
  storage?: HttpService
  log: Log
}

/** Kong's request size limit in Supabase's self-hosted config is far larger; 2 MB is plenty here. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024

/** Routes that Supabase's Kong config leaves open: links people click in their e-mail. */
const OPEN_ROUTES = [
  /^\/auth\/v1\/verify\b/,
  /^\/auth\/v1\/callback\b/,
  /^\/auth\/v1\/authorize\b/,
  /^\/auth\/v1\/health\b/,
  // Storage's public objects and signed URLs: an <img src> carries no apikey; the bucket's
  // `public` flag or the signed token is the permission.
  /^\/storage\/v1\/object\/(public|info\/public|sign|upload\/sign)\//,
]

/**
 * Request targets that `new URL()` would leave as they are: a path of plain segments (no dots,
 * no escapes, no `//` start) and a query without the characters the URL parser escapes. Only
 * these take the fast path; anything else is parsed by `new URL()` as before.
 */
const PLAIN_REST_PATH = /^\/rest\/v1(\/[A-Za-z0-9_\-/]*)?$/
const PLAIN_QUERY = /^[!$%&(-;=?-~]*$/

export function createGateway(opts: GatewayOptions) {
  const keyring = createKeyring(opts.keys)
  const postgrest = proxyTo(opts.postgrestPort, {
    unavailable: {
      message: 'The database API is not reachable. Try again in a moment.',
      code: 'PGRST_UNAVAILABLE',
    },
  })

  // The services by the first path segment: /<name>/v1/… One line per service; Storage and
  // Functions add theirs here (a proxyTo(port) for a child process, inProcess(service) otherwise).
  const routes: Record<string, Route> = {
    rest: postgrest,
    auth: inProcess(opts.auth),
    realtime: inProcess(opts.realtime),
    ...(opts.storage ? { storage: inProcess(opts.storage) } : {}),
  }
  const ROUTE = new RegExp(`^/(${Object.keys(routes).join('|')})/v1(/.*)?$`)

  const headerKey = (req: IncomingMessage) => {
    const key = req.headers['apikey']
    return typeof key === 'string' ? key : undefined
  }

  /** Count streamed bytes too: a chunked body has no content-length. */
  function limitBody(req: IncomingMessage, res: ServerResponse) {
    let seen = 0
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length
      if (seen > MAX_BODY_BYTES) {
        sendJson(res, 413, { message: 'Request body is too large', code: 'request_too_large' })
        req.destroy()
      }
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'OPTIONS') return preflight(res)
    const length = Number(req.headers['content-length'] ?? 0)
    // Storage uploads are bounded by the bucket's own limit (and Storage's global one) instead.
    const isStorage = opts.storage !== undefined && req.url?.startsWith('/storage/v1/') === true
    if (length > MAX_BODY_BYTES && !isStorage) {
      req.resume()
      return sendJson(res, 413, { message: 'Request body is too large', code: 'request_too_large' })
    }
    // A body is only there with a content-length above 0 or a transfer-encoding (RFC 9112 6.3).
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined

    // Fast path for the bulk of the traffic, /rest/v1 with a plain target: no URL object.
    const target = req.url ?? '/'
    const q = target.indexOf('?')
    const rawPath = q < 0 ? target : target.slice(0, q)
    const rawQuery = q < 0 ? '' : target.slice(q + 1)
    const plain = PLAIN_REST_PATH.exec(rawPath)
    if (plain && PLAIN_QUERY.test(rawQuery)) {
      const key =
        headerKey(req) ??
        (rawQuery.includes('apikey=')
          ? (new URLSearchParams(rawQuery).get('apikey') ?? undefined)
          : undefined)
      const checked = keyring.check(key, req.headers.authorization, req.headers)
      if (!checked.ok) {
        req.resume()
        return sendJson(res, checked.status, checked.body)
      }
      if (hasBody) limitBody(req, res)
      return postgrest({
        req,
        res,
        path: plain[1] ?? '/',
        rawQuery,
        url: () => new URL(target, 'http://localhost'),
        authorization: checked.authorization,
        hasBody,
      })
    }

    const url = new URL(target, 'http://localhost')
    if (url.pathname === '/' || url.pathname === '/health') {
      return sendJson(res, 200, { status: 'ok', name: 'emmer-local-stack' })
    }
    // Edge Functions: like Kong's functions route, no apikey check here; the function's
    // verify_jwt (or the function itself) decides (functions.ts).
    const fn = /^\/functions\/v1(\/.*)?$/.exec(url.pathname)
    if (fn && opts.functions) {
      setCors(res)
      return opts.functions.handle(req, res, fn[1] ?? '/', url)
    }
    let authorization = req.headers.authorization
    if (!OPEN_ROUTES.some((r) => r.test(url.pathname))) {
      const key = headerKey(req) ?? url.searchParams.get('apikey') ?? undefined
      const checked = keyring.check(key, req.headers.authorization, req.headers)
      if (!checked.ok) {
        req.resume()
        return sendJson(res, checked.status, checked.body)
      }
      authorization = checked.authorization
    }
    if (hasBody && !isStorage) limitBody(req, res)
    const route = ROUTE.exec(url.pathname)
    if (!route) return sendJson(res, 404, { message: 'no Route matched with those values' })
    const [, service, path = '/'] = route
    await routes[service]({
      req,
      res,
      path,
      rawQuery: url.search.slice(1),
      url: () => url,
      authorization,
      hasBody,
    })
  }

  /**
   * WebSockets (Realtime) bring the key as `?apikey=`. As the CLI's Kong config does, a new
   * `sb_` key is swapped for the JWT of its role there, so Realtime only ever sees JWTs.
   */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = /^\/realtime\/v1(\/.*)$/.exec(url.pathname)
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n')
      return
    }
    const key = headerKey(req) ?? url.searchParams.get('apikey') ?? undefined
    const checked = keyring.check(key, undefined, req.headers)
    if (!checked.ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n')
      return
    }
    url.searchParams.set('apikey', keyring.jwtFor(checked.role))
    opts.realtime.handleUpgrade(req, socket, head, route[1], url)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      opts.log(`gateway: ${e.stack ?? e.message}`)
      sendJson(res, 500, { message: 'Internal error', code: 'unexpected_failure' })
    })
  })
  // Node closes an idle keep-alive socket after 5 s; a busy client may send its next request on
  // it at that moment and see ECONNRESET. Hosted Supabase's edge keeps idle connections far
  // longer, so the gateway does too (and waits for headers a little longer than that).
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    upgrade(req, socket, head)
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
  })

  return {
    server,
    listen: () =>
      new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', () => resolve())),
    close: async () => {
      server.closeAllConnections()
      postgrest.close()
      await new Promise((r) => server.close(r))
    },
  }
}
