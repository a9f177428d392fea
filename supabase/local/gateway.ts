// The API gateway on the public port, doing what Kong does in Supabase's stack: CORS, the
// `apikey` check, a body size limit, and routing /rest/v1, /auth/v1 and /realtime/v1.
import {
  createServer,
  request,
  Agent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { Duplex } from 'node:stream'
import type { HttpService, Log, RealtimeService } from './types.ts'

export interface GatewayOptions {
  port: number
  /**
   * The project's API keys (today the anon and service_role keys), the only values `apikey` may
   * hold, as on hosted Supabase. A user's access token goes in `Authorization`, never here.
   */
  apiKeys: readonly string[]
  postgrestPort: () => number
  auth: HttpService
  realtime: RealtimeService
  /** Storage at /storage/v1 (storage/index.ts); it bounds upload bodies by each bucket's limit. */
  storage?: HttpService
  log: Log
}

/** Kong's request size limit in Supabase's self-hosted config is far larger; 2 MB is plenty here. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, x-supabase-api-version, prefer, range, range-unit, accept-profile, content-profile, x-upsert, cache-control, x-metadata, accept, x-retry-count, traceparent, tracestate, baggage',
  'access-control-expose-headers':
    'content-range, content-location, x-supabase-api-version, x-total-count, link, range-unit, preference-applied',
  'access-control-max-age': '3600',
}

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

function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return res.end()
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** CORS headers as a flat [name, value, …] list, for writeHead with raw headers. */
const CORS_NAMES = Object.keys(CORS_HEADERS)

/**
 * Request targets that `new URL()` would leave as they are: a path of plain segments (no dots,
 * no escapes, no `//` start) and a query without the characters the URL parser escapes. Only
 * these take the fast path; anything else is parsed by `new URL()` as before.
 */
const PLAIN_REST_PATH = /^\/rest\/v1(\/[A-Za-z0-9_\-/]*)?$/
const PLAIN_QUERY = /^[!$%&(-;=?-~]*$/

export function createGateway(opts: GatewayOptions) {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    noDelay: true,
  } as ConstructorParameters<typeof Agent>[0])
  const apiKeys = new Set(opts.apiKeys)

  async function checkApikey(
    req: IncomingMessage,
    url: URL,
  ): Promise<{ status: number; body: unknown } | null> {
    if (OPEN_ROUTES.some((r) => r.test(url.pathname))) return null
    return checkKey(
      (req.headers['apikey'] as string | undefined) ?? url.searchParams.get('apikey') ?? undefined,
    )
  }

  async function checkKey(
    key: string | undefined,
  ): Promise<{ status: number; body: unknown } | null> {
    if (!key) {
      return {
        status: 401,
        body: {
          message: 'No API key found in request',
          hint: 'No `apikey` request header or url param was found.',
        },
      }
    }
    // Exact match with a key of this project: a JWT that merely carries the project's signature
    // (a user's token, an expired one) is not an API key.
    if (!apiKeys.has(key)) {
      return {
        status: 401,
        body: {
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        },
      }
    }
    return null
  }

  /**
   * `rawQuery` is the query without `?`, as `new URL()` prints it; `queryKey` the apikey query
   * parameter (only looked up when there is no apikey header).
   */
  function proxyToPostgrest(
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    rawQuery: string,
    queryKey: () => string | undefined,
    hasBody: boolean,
  ) {
    const headers = { ...req.headers }
    delete headers.host
    // Like Kong's key-auth with hide_credentials: the key never reaches PostgREST as a filter,
    // and a request with only the apikey is an anon (or service_role) request.
    const key = (headers.apikey as string | undefined) ?? queryKey()
    delete headers.apikey
    if (!headers.authorization && key) headers.authorization = `Bearer ${key}`
    // Drop the key from the raw query: re-encoding it would change how PostgREST reads filters.
    const query = rawQuery.split('&').filter((part) => part && !part.startsWith('apikey='))
    const search = query.length ? `?${query.join('&')}` : ''
    const path = rest + search
    const upstream = request(
      { host: '127.0.0.1', port: opts.postgrestPort(), method: req.method, path, headers, agent },
      (up) => {
        // Raw headers as PostgREST sent them, plus the CORS headers it did not send itself
        // (its own win, as before): no per-response header objects to build.
        const raw = up.rawHeaders
        const out: string[] = []
        let own: Set<string> | undefined
        for (let i = 0; i < raw.length; i += 2) {
          const name = raw[i].toLowerCase()
          if (name.startsWith('access-control-')) (own ??= new Set()).add(name)
          out.push(raw[i], raw[i + 1])
        }
        for (const name of CORS_NAMES) {
          if (!own?.has(name)) out.push(name, CORS_HEADERS[name as keyof typeof CORS_HEADERS])
        }
        res.writeHead(up.statusCode ?? 502, out)
        up.pipe(res)
      },
    )
    upstream.on('error', () => {
      sendJson(res, 503, {
        message: 'The database API is not reachable. Try again in a moment.',
        code: 'PGRST_UNAVAILABLE',
      })
    })
    if (hasBody) req.pipe(upstream)
    else {
      // No body to stream: end the upstream request now (and let req's end go unread).
      upstream.end()
      req.resume()
    }
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
    if (req.method === 'OPTIONS') {
      res.writeHead(200, CORS_HEADERS)
      return res.end()
    }
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
      const headerKey = req.headers['apikey'] as string | undefined
      const queryKey = () => new URLSearchParams(rawQuery).get('apikey') ?? undefined
      const denied = await checkKey(headerKey ?? queryKey())
      if (denied) {
        req.resume()
        return sendJson(res, denied.status, denied.body)
      }
      if (hasBody) limitBody(req, res)
      return proxyToPostgrest(req, res, plain[1] ?? '/', rawQuery, queryKey, hasBody)
    }

    const url = new URL(target, 'http://localhost')
    if (url.pathname === '/' || url.pathname === '/health') {
      return sendJson(res, 200, { status: 'ok', name: 'emmer-local-stack' })
    }
    const denied = await checkApikey(req, url)
    if (denied) {
      req.resume()
      return sendJson(res, denied.status, denied.body)
    }
    if (hasBody && !isStorage) limitBody(req, res)
    const route = /^\/(rest|auth|realtime|storage)\/v1(\/.*)?$/.exec(url.pathname)
    if (!route) return sendJson(res, 404, { message: 'no Route matched with those values' })
    const [, service, rest = '/'] = route
    if (service === 'rest') {
      const queryKey = () => url.searchParams.get('apikey') ?? undefined
      return proxyToPostgrest(req, res, rest, url.search.slice(1), queryKey, hasBody)
    }
    // CORS for the in-process services: they write their own status and body.
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v)
    if (service === 'storage') {
      if (!opts.storage)
        return sendJson(res, 404, { message: 'no Route matched with those values' })
      return opts.storage.handle(req, res, rest, url)
    }
    const service_ = service === 'auth' ? opts.auth : opts.realtime
    await service_.handle(req, res, rest, url)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      opts.log(`gateway: ${e.stack ?? e.message}`)
      sendJson(res, 500, { message: 'Internal error', code: 'unexpected_failure' })
    })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = /^\/realtime\/v1(\/.*)$/.exec(url.pathname)
    void checkApikey(req, url).then((denied) => {
      if (!route || denied) {
        socket.end(
          `HTTP/1.1 ${route ? 401 : 404} ${route ? 'Unauthorized' : 'Not Found'}\r\nconnection: close\r\n\r\n`,
        )
        return
      }
      opts.realtime.handleUpgrade(req, socket, head, route[1], url)
    })
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
      agent.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}
