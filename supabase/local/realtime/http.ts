// Realtime's REST side: broadcast over HTTP, what realtime-js falls back to when a channel is
// not joined (POST /api/broadcast) and what `channel.httpSend()` uses.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Claims, Verified } from './jwt.ts'

const MAX_BODY = 1024 * 1024

/**
 * Supabase can store a broadcast on a private channel for replay (`persist`, realtime-js 2.110+).
 * The local stack stores none, so it refuses such a message rather than deliver it unstored.
 */
export const NOT_STORED =
  'Broadcast not stored: the local stack does not keep broadcasts for replay (persist)'

export interface BroadcastSink {
  broadcast(topic: string, isPrivate: boolean, event: string, payload: unknown): void
}

/** May these claims send broadcast on a private topic (the channel name, without `realtime:`)? */
export type MayWrite = (claims: Claims, topic: string) => Promise<boolean>

function json(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) reject(new Error('too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function bearer(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '')
  const key = req.headers.apikey
  return (typeof key === 'string' ? key : null) ?? url.searchParams.get('apikey')
}

export function createHttpHandler(
  verify: (t: unknown) => Promise<Verified>,
  sink: () => BroadcastSink | undefined,
  mayWrite: MayWrite,
) {
  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
  ): Promise<void> {
    // Attach the reader before any await: the gateway has the stream flowing already.
    const body = req.method === 'POST' ? readBody(req) : Promise.resolve(Buffer.alloc(0))
    body.catch(() => undefined)
    const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(path)
    if (req.method !== 'POST' || (path !== '/api/broadcast' && !single)) {
      req.resume()
      return json(res, 404, { message: 'Not found' })
    }
    const verified = await verify(bearer(req, url))
    if (!verified.ok) return json(res, 401, { message: `Unauthorized: ${verified.reason}` })
    let raw: Buffer
    try {
      raw = await body
    } catch {
      return json(res, 413, { message: 'Payload too large' })
    }
    const target = sink()
    if (!target) return json(res, 503, { message: 'Realtime is not running' })

    if (single) {
      if ([...url.searchParams.keys()].some((k) => k === 'persist' || k.startsWith('persist[')))
        return json(res, 400, { message: NOT_STORED })
      const isPrivate = url.searchParams.get('private') === 'true'
      if (isPrivate && !(await mayWrite(verified.claims, decodeURIComponent(single[1]))))
        return json(res, 403, { message: 'Unauthorized' })
      const type = String(req.headers['content-type'] ?? '')
      let payload: unknown
      if (type.includes('json')) {
        try {
          payload = raw.length ? JSON.parse(raw.toString('utf8')) : {}
        } catch {
          return json(res, 400, { message: 'Body is not valid JSON' })
        }
      } else payload = { raw }
      target.broadcast(
        `realtime:${decodeURIComponent(single[1])}`,
        isPrivate,
        decodeURIComponent(single[2]),
        payload,
      )
      return json(res, 202)
    }

    let messages: unknown
    try {
      messages = (JSON.parse(raw.toString('utf8')) as { messages?: unknown }).messages
    } catch {
      return json(res, 400, { message: 'Body is not valid JSON' })
    }
    if (!Array.isArray(messages)) return json(res, 400, { message: '`messages` must be an array' })
    for (const m of messages as Record<string, unknown>[]) {
      if (!m || typeof m.topic !== 'string' || typeof m.event !== 'string') {
        return json(res, 400, { message: 'each message needs a topic and an event' })
      }
    }
    // As Supabase's batch API: public messages go to the public topic; private ones only when RLS
    // on realtime.messages lets the caller write broadcast on that topic (asked once per topic),
    // else they are dropped.
    const allowed = new Map<string, Promise<boolean>>()
    for (const m of messages as Record<string, unknown>[]) {
      const isPrivate = m.private === true
      const topic = m.topic as string
      if (isPrivate && !allowed.has(topic)) allowed.set(topic, mayWrite(verified.claims, topic))
      if (isPrivate && !(await allowed.get(topic))) continue
      target.broadcast(
        `realtime:${m.topic as string}`,
        isPrivate,
        m.event as string,
        m.payload ?? {},
      )
    }
    return json(res, 202)
  }
}
