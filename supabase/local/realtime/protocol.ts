// The Phoenix channel wire formats, chosen per socket by the `vsn` query parameter as Phoenix
// does (Phoenix.Socket.Transport: no `vsn` means 1.0.0; any other version is refused).
//  - 2.0.0 (realtime-js's default): text frames are the array [join_ref, ref, topic, event,
//    payload]; broadcasts from the client may come as binary "kind 3" frames, broadcasts of raw
//    bytes go out as binary "kind 4" frames. See ../shared/protocols/realtime.md §1 (2.109), and
//    docs/client-compatibility.md for what 2.110+ adds.
//  - 1.0.0 (Phoenix.Socket.V1.JSONSerializer, used by many clients in other languages): text
//    frames are JSON objects. In: {topic, event, payload, ref, join_ref?}; out: {topic, event,
//    payload, ref} (V1 writes no join_ref). No binary frames: a raw-byte broadcast cannot be
//    written in 1.0.0, so such a socket does not get it (as on Supabase, where the conversion fails).

export type Ref = string | null

export type Vsn = '1.0.0' | '2.0.0'

/** The serializer a socket asked for, or undefined when the server has none for it. */
export function negotiateVsn(param: string | null): Vsn | undefined {
  const vsn = param ?? '1.0.0'
  // Phoenix matches "~> 1.0.0" and "~> 2.0.0": any 1.0.x and 2.0.x.
  if (/^1\.0\.\d+$/.test(vsn)) return '1.0.0'
  if (/^2\.0\.\d+$/.test(vsn)) return '2.0.0'
  return undefined
}

export interface Frame {
  joinRef: Ref
  ref: Ref
  topic: string
  event: string
  payload: unknown
}

/** A broadcast payload carried as raw bytes (binary frame with encoding 0). */
export interface RawPayload {
  raw: Buffer
}

export class ProtocolError extends Error {
  constructor(
    message: string,
    /** What we could read of the frame, so that the error can be replied under its ref. */
    readonly partial: Partial<Frame> = {},
  ) {
    super(message)
  }
}

const KIND_PUSH = 3
const KIND_BROADCAST = 4
const PUSH_HEADER = 7

function isRef(v: unknown): v is Ref {
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'number'
}

function normRef(v: unknown): Ref {
  if (v === null || v === undefined) return null
  return String(v)
}

export function decodeText(text: string, vsn: Vsn = '2.0.0'): Frame {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ProtocolError('malformed frame: not JSON')
  }
  if (vsn === '1.0.0') return decodeObject(parsed)
  if (Array.isArray(parsed)) {
    const [joinRef, ref, topic, event, payload] = parsed
    const partial = {
      joinRef: normRef(isRef(joinRef) ? joinRef : null),
      ref: normRef(isRef(ref) ? ref : null),
    }
    if (parsed.length !== 5)
      throw new ProtocolError('malformed frame: expected 5 elements', partial)
    if (!isRef(joinRef) || !isRef(ref))
      throw new ProtocolError('malformed frame: bad refs', partial)
    if (typeof topic !== 'string' || typeof event !== 'string') {
      throw new ProtocolError('malformed frame: topic and event must be strings', partial)
    }
    return { joinRef: normRef(joinRef), ref: normRef(ref), topic, event, payload: payload ?? {} }
  }
  throw new ProtocolError('malformed frame: expected an array (vsn 2.0.0)')
}

/** vsn 1.0.0: an object with topic, event, payload and ref (Phoenix's `from_map!`), join_ref optional. */
function decodeObject(parsed: unknown): Frame {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ProtocolError('malformed frame: expected an object (vsn 1.0.0)')
  const m = parsed as Record<string, unknown>
  const partial = {
    joinRef: normRef(isRef(m.join_ref) ? m.join_ref : null),
    ref: normRef(isRef(m.ref) ? m.ref : null),
    topic: typeof m.topic === 'string' ? m.topic : undefined,
  }
  for (const key of ['topic', 'event', 'payload', 'ref'])
    if (!(key in m)) throw new ProtocolError(`malformed frame: missing key "${key}"`, partial)
  if (!isRef(m.join_ref) || !isRef(m.ref))
    throw new ProtocolError('malformed frame: bad refs', partial)
  if (typeof m.topic !== 'string' || typeof m.event !== 'string')
    throw new ProtocolError('malformed frame: topic and event must be strings', partial)
  return {
    joinRef: normRef(m.join_ref),
    ref: normRef(m.ref),
    topic: m.topic,
    event: m.event,
    payload: m.payload ?? {},
  }
}

/**
 * Kind 3: u8 kind | u8 len(join_ref) | u8 len(ref) | u8 len(topic) | u8 len(event) | u8 len(meta) | u8 enc | …
 * Lengths count bytes of UTF-8 (realtime-js 2.110+; 2.109 sent ASCII only, which reads the same).
 */
export function decodeBinary(buf: Buffer): Frame {
  if (buf.length < PUSH_HEADER) throw new ProtocolError('malformed binary frame: too short')
  const kind = buf[0]
  if (kind !== KIND_PUSH) throw new ProtocolError(`unsupported binary frame kind ${kind}`)
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, enc] = buf.subarray(1, PUSH_HEADER)
  let at = PUSH_HEADER
  const take = (n: number) => {
    if (at + n > buf.length)
      throw new ProtocolError('malformed binary frame: lengths exceed the frame')
    const part = buf.subarray(at, at + n)
    at += n
    return part
  }
  const joinRef = take(joinRefLen).toString('utf8')
  const ref = take(refLen).toString('utf8')
  const topic = take(topicLen).toString('utf8')
  const event = take(eventLen).toString('utf8')
  const metaText = take(metaLen).toString('utf8')
  const body = buf.subarray(at)
  const partial = { joinRef: joinRef || null, ref: ref || null, topic }
  let payload: unknown
  if (enc === 1) {
    try {
      payload = body.length ? JSON.parse(body.toString('utf8')) : {}
    } catch {
      throw new ProtocolError('malformed binary frame: payload is not JSON', partial)
    }
  } else if (enc === 0) {
    payload = { raw: Buffer.from(body) } satisfies RawPayload
  } else {
    throw new ProtocolError(`malformed binary frame: unknown encoding ${enc}`, partial)
  }
  let meta: unknown
  if (metaText) {
    try {
      meta = JSON.parse(metaText)
    } catch {
      throw new ProtocolError('malformed binary frame: meta is not JSON', partial)
    }
    if (!meta || typeof meta !== 'object' || Array.isArray(meta))
      throw new ProtocolError('malformed binary frame: meta is not an object', partial)
  }
  // The text form of the same push: a broadcast envelope. The client's metadata (`persist`) is
  // for the server, so it sits beside `event` as in the text form, not in what others receive.
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: { ...(meta as object | undefined), type: 'broadcast', event, payload },
  }
}

export function encodeText(f: Frame, vsn: Vsn = '2.0.0'): string {
  if (vsn === '1.0.0')
    return JSON.stringify({ topic: f.topic, event: f.event, payload: f.payload, ref: f.ref })
  return JSON.stringify([f.joinRef, f.ref, f.topic, f.event, f.payload])
}

/** Kind 4 (server broadcast), used only for raw-byte payloads; JSON payloads go as text. */
export function encodeBinaryBroadcast(topic: string, event: string, raw: Buffer): Buffer {
  const t = Buffer.from(topic, 'utf8')
  const e = Buffer.from(event, 'utf8')
  if (t.length > 255 || e.length > 255)
    throw new ProtocolError('topic or event too long for a binary frame')
  return Buffer.concat([Buffer.from([KIND_BROADCAST, t.length, e.length, 0, 0]), t, e, raw])
}

export const reply = (
  f: Pick<Frame, 'joinRef' | 'ref' | 'topic'>,
  status: 'ok' | 'error',
  response: unknown,
): Frame => ({
  joinRef: f.joinRef,
  ref: f.ref,
  topic: f.topic,
  event: 'phx_reply',
  payload: { status, response },
})
