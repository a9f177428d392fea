// CORS as Supabase's API gateway answers it: any origin, the headers supabase-js sends.
import type { ServerResponse } from 'node:http'

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, x-supabase-api-version, prefer, range, range-unit, accept-profile, content-profile, x-upsert, cache-control, x-metadata, accept, x-retry-count, traceparent, tracestate, baggage',
  'access-control-expose-headers':
    'content-range, content-location, x-supabase-api-version, x-total-count, link, range-unit, preference-applied',
  'access-control-max-age': '3600',
} as const

const CORS_NAMES = Object.keys(CORS_HEADERS) as (keyof typeof CORS_HEADERS)[]

/** The answer to a preflight request. */
export function preflight(res: ServerResponse) {
  res.writeHead(200, CORS_HEADERS)
  res.end()
}

/** For services in this process: they write their own status and body afterwards. */
export function setCors(res: ServerResponse) {
  for (const name of CORS_NAMES) res.setHeader(name, CORS_HEADERS[name])
}

/**
 * An upstream's raw headers ([name, value, …]) plus the CORS headers it did not send itself
 * (its own win): no per-response header objects to build.
 */
export function withCors(raw: string[]): string[] {
  const out: string[] = []
  let own: Set<string> | undefined
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    if (name.startsWith('access-control-')) (own ??= new Set()).add(name)
    out.push(raw[i], raw[i + 1])
  }
  for (const name of CORS_NAMES) if (!own?.has(name)) out.push(name, CORS_HEADERS[name])
  return out
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return res.end()
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
