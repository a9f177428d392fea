// Client → server frames: decode (text or binary), answer heartbeats, route the rest to the
// channel they name (join and leave, broadcast, presence track/untrack, access_token). A bad
// frame gets an error reply in the Phoenix shape when it has a ref to reply to, and is dropped.
import type { RawData } from 'ws'
import type { Log } from '../types.ts'
import { isJoined, type Channel, type Connection } from './channels.ts'
import type { Membership } from './membership.ts'
import type { Outbound } from './outbound.ts'
import type { Diff, Presence } from './presence.ts'
import { NOT_STORED } from './http.ts'
import { decodeBinary, decodeText, ProtocolError, reply, type Frame } from './protocol.ts'

export class Inbound {
  constructor(
    private readonly out: Outbound,
    private readonly members: Membership,
    private readonly presence: Presence,
    private readonly log: Log,
  ) {}

  async onMessage(conn: Connection, data: RawData, isBinary: boolean) {
    const buf = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data)
    let frame: Frame
    try {
      if (isBinary && conn.vsn === '1.0.0')
        throw new ProtocolError('malformed frame: binary frames need vsn 2.0.0')
      frame = isBinary ? decodeBinary(buf) : decodeText(buf.toString('utf8'), conn.vsn)
    } catch (e) {
      const err = e as ProtocolError
      this.log(`realtime: ${err.message}`)
      const { ref, joinRef, topic } = err.partial ?? {}
      if (ref && typeof topic === 'string')
        this.out.send(
          conn,
          reply({ joinRef: joinRef ?? null, ref, topic }, 'error', { reason: err.message }),
        )
      return
    }
    if (frame.topic === 'phoenix') {
      if (frame.event === 'heartbeat') this.out.send(conn, reply(frame, 'ok', {}))
      else this.out.send(conn, reply(frame, 'error', { reason: unknownEvent(frame) }))
      return
    }
    if (frame.event === 'phx_join') return this.members.join(conn, frame)
    const ch = conn.channels.get(frame.topic)
    if (frame.event === 'phx_leave') {
      if (ch) this.members.drop(ch)
      this.out.send(conn, reply(frame, 'ok', {}))
      return
    }
    if (!ch) {
      this.out.send(conn, reply(frame, 'error', { reason: 'unmatched topic' }))
      return
    }
    switch (frame.event) {
      case 'broadcast':
        // A private channel sends only what RLS lets it insert; a refused send is dropped
        // without a reply, as on Supabase (an ack then never comes).
        if (ch.isPrivate && !(await this.members.mayWrite(ch, 'broadcast'))) return
        return this.onBroadcast(ch, frame)
      case 'presence':
        return this.onPresence(ch, frame)
      case 'access_token':
        return this.members.onAccessToken(ch, frame)
      default:
        this.out.send(conn, reply(frame, 'error', { reason: unknownEvent(frame) }))
    }
  }

  private onBroadcast(ch: Channel, frame: Frame) {
    if (!isJoined(ch)) return
    const p = frame.payload as Record<string, unknown> | null
    if (!p || typeof p !== 'object' || typeof p.event !== 'string') {
      if (frame.ref)
        this.out.send(ch.conn, reply(frame, 'error', { reason: 'broadcast needs an event' }))
      return
    }
    if (p.persist) {
      // realtime-js 2.110+ reads the reason from `response.error` for a refused persist.
      if (frame.ref) this.out.send(ch.conn, reply(frame, 'error', { error: NOT_STORED }))
      return
    }
    this.out.broadcast(ch.room, ch.topic, p.event, p.payload, p.meta, ch)
    if (ch.broadcastAck && frame.ref) this.out.send(ch.conn, reply(frame, 'ok', {}))
  }

  private async onPresence(ch: Channel, frame: Frame) {
    const p = frame.payload as Record<string, unknown> | null
    const event = p && typeof p === 'object' ? p.event : undefined
    let diff: Diff | undefined
    if (event === 'track') {
      if (ch.isPrivate && !(await this.members.mayWrite(ch, 'presence'))) {
        // Supabase answers a refused track with a bare error.
        this.out.send(ch.conn, reply(frame, 'error', {}))
        return
      }
      if (!isJoined(ch)) return
      const meta =
        p!.payload && typeof p!.payload === 'object' && !Array.isArray(p!.payload)
          ? (p!.payload as Record<string, unknown>)
          : {}
      diff = this.presence.track(ch.room, ch.id, ch.presenceKey, meta)
    } else if (event === 'untrack') {
      diff = this.presence.untrack(ch.room, ch.id)
    } else {
      const reason = 'presence event must be track or untrack'
      this.out.send(ch.conn, reply(frame, 'error', { reason }))
      return
    }
    this.out.send(ch.conn, reply(frame, 'ok', {}))
    if (diff) this.out.presenceDiff(ch.room, ch.topic, diff)
  }
}

const unknownEvent = (frame: Frame) => `unknown event \`${frame.event}\``
