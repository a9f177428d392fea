// How the gateway hands a request on: to a process behind a port (PostgREST) or to a service in
// this process (Auth, Realtime). The routes themselves are listed in ../gateway.ts.
import { request, Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import type { HttpService } from '../types.ts'
import { sendJson, setCors, withCors } from './cors.ts'

/** What a route gets: the request, the path after its prefix, and what the key check decided. */
export interface Forward {
  req: IncomingMessage
  res: ServerResponse
  /** The path after the route's prefix, starting with '/'. */
  path: string
  /** The query without `?`, exactly as the client sent it (re-encoding changes PostgREST filters). */
  rawQuery: string
  /** Parsed lazily: the PostgREST fast path never needs it. */
  url: () => URL
  /**
   * `Authorization` for the service: the user's token, or the JWT of the API key's role; on the
   * open routes (links from e-mails) whatever the client sent, if anything.
   */
  authorization: string | undefined
  hasBody: boolean
}

export type Route = (f: Forward) => void | Promise<void>

/**
 * Forwards to an HTTP server on 127.0.0.1, streaming both ways. Like Kong's key-auth with
 * hide_credentials, the `apikey` never reaches the service: not as a header, not in the query.
 */
export function proxyTo(
  port: () => number,
  opts: { unavailable: { message: string; code: string } },
): Route & { close(): void } {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    noDelay: true,
  } as ConstructorParameters<typeof Agent>[0])
  const route = ({ req, res, path, rawQuery, authorization, hasBody }: Forward) => {
    const headers = { ...req.headers }
    if (authorization === undefined) delete headers.authorization
    else headers.authorization = authorization
    delete headers.host
    delete headers.apikey
    const query = rawQuery.split('&').filter((part) => part && !part.startsWith('apikey='))
    const target = path + (query.length ? `?${query.join('&')}` : '')
    const upstream = request(
      { host: '127.0.0.1', port: port(), method: req.method, path: target, headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, withCors(up.rawHeaders))
        up.pipe(res)
      },
    )
    upstream.on('error', () => sendJson(res, 503, opts.unavailable))
    if (hasBody) req.pipe(upstream)
    else {
      // No body to stream: end the upstream request now (and let req's end go unread).
      upstream.end()
      req.resume()
    }
  }
  return Object.assign(route, { close: () => agent.destroy() })
}

/** Hands the request to a service in this process, with the key's `Authorization` in place. */
export function inProcess(service: HttpService): Route {
  return async ({ req, res, path, url, authorization }) => {
    if (authorization !== undefined) req.headers.authorization = authorization
    setCors(res)
    await service.handle(req, res, path, url())
  }
}
