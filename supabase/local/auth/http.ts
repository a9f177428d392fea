// Request context for the Auth routes: body reading, JSON replies and the API-version header.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AuthError, errorBody, OAuthError } from './errors.ts'

export const API_VERSION_HEADER = 'x-supabase-api-version'
/** The only API version auth-js 2.109 knows; responses echo it so the client reads `code`. */
export const API_VERSION_2024 = '2024-01-01'

export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  path: string
  url: URL
  ip: string
  /** The request asked for the 2024-01-01 API (error bodies with `code` and `message`). */
  modernApi: boolean
  /** The parsed JSON body as an object ({} when empty); 400 bad_json when malformed. */
  body(): Promise<Record<string, unknown>>
  json(status: number, body: unknown, headers?: Record<string, string>): void
  empty(status: number): void
  redirect(location: string): void
}

/** Starts reading at once: the gateway has already put the stream in flowing mode. */
function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new AuthError(400, 'bad_json', 'Request body was cut off'))
    })
  })
}

export function createCtx(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Ctx {
  const raw = collect(req)
  raw.catch(() => undefined)
  const requested = req.headers[API_VERSION_HEADER]
  const modernApi =
    typeof requested === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(requested) &&
    requested >= API_VERSION_2024
  let parsed: Promise<Record<string, unknown>> | undefined

  const send = (status: number, headers: Record<string, string>, payload?: string) => {
    if (res.headersSent) return void res.end()
    if (modernApi) res.setHeader('X-Supabase-Api-Version', API_VERSION_2024)
    res.writeHead(status, headers)
    res.end(payload)
  }

  return {
    req,
    res,
    path,
    url,
    ip: req.socket.remoteAddress ?? 'unknown',
    modernApi,
    body() {
      parsed ??= raw.then((buf) => {
        const text = buf.toString('utf8').trim()
        if (!text) return {}
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (e) {
          throw new AuthError(
            400,
            'bad_json',
            `Could not parse request body as JSON: ${(e as Error).message}`,
          )
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new AuthError(
            400,
            'bad_json',
            'Could not parse request body as JSON: expected an object',
          )
        }
        return value as Record<string, unknown>
      })
      return parsed
    },
    json(status, body, headers = {}) {
      send(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body))
    },
    empty(status) {
      send(status, {})
    },
    redirect(location) {
      send(303, { location })
    },
  }
}

export function sendError(ctx: Ctx, err: AuthError | OAuthError) {
  ctx.json(err.status, errorBody(err, ctx.modernApi))
}

// Small readers for JSON fields: GoTrue ignores unknown fields and treats null as absent.
export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key]
  return typeof v === 'string' ? v : undefined
}

export function obj(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key]
  return v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined
}

export function bool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key]
  return typeof v === 'boolean' ? v : undefined
}
