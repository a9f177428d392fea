// Server → client frames: a reply to one socket, a push to one joined channel, fan-out of
// broadcasts and presence diffs to every channel in a room (a topic, private and public apart), and postgres_changes (JSON encoded
// once per change, a socket's frames of one batch written together).
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { ChangeData } from './change-data.ts'
import {
  canReceive,
  canSeePresence,
  isJoined,
  isOpen,
  type Channel,
  type Connection,
  type Registry,
} from './channels.ts'
import type { Diff } from './presence.ts'
import {
  encodeBinaryBroadcast,
  encodeText,
  type Frame,
  type RawPayload,
  type Ref,
  type Vsn,
} from './protocol.ts'

type Encoded = (vsn: Vsn) => Buffer | undefined

/**
 * A frame encoded at most once per serializer, on first use, as UTF-8 bytes: a broadcast to a
 * thousand sockets is one JSON.stringify and one UTF-8 encoding, not a thousand (Phoenix's
 * fastlane does the same: one encoding per serializer for all subscribers of a topic).
 */
function lazyFrames(frame: Frame): Encoded {
  const cache: Partial<Record<Vsn, Buffer>> = {}
  return (vsn) => (cache[vsn] ??= Buffer.from(encodeText(frame, vsn), 'utf8'))
}

export class Outbound {
  private corked = new Set<Socket>()
  /** JSON of a change, encoded once however many channels get the same object. */
  private changeJson = new WeakMap<ChangeData, string>()

  constructor(private readonly registry: Registry) {}

  send(conn: Connection, frame: Frame) {
    if (!isOpen(conn)) return
    conn.ws.send(encodeText(frame, conn.vsn))
  }

  /** A server push to a joined channel, under its join_ref (`ref` only for phx_close/error). */
  push(ch: Channel, event: string, payload: unknown, ref: Ref = null) {
    this.send(ch.conn, { joinRef: ch.joinRef, ref, topic: ch.topic, event, payload })
  }

  /** Fan-out to every channel in the room; the sender only if it joined with self:true. */
  broadcast(
    room: string,
    topic: string,
    event: string,
    payload: unknown,
    meta?: unknown,
    sender?: Channel,
  ) {
    const raw =
      payload && typeof payload === 'object' && Buffer.isBuffer((payload as RawPayload).raw)
        ? (payload as RawPayload).raw
        : undefined
    const skip = (target: Channel) =>
      (target === sender && !target.broadcastSelf) || !canReceive(target)
    if (raw) {
      // Raw bytes have no 1.0.0 form: only 2.0.0 sockets get them.
      const binary = encodeBinaryBroadcast(topic, event, raw)
      this.toRoom(room, (vsn) => (vsn === '2.0.0' ? binary : undefined), skip, true)
      return
    }
    const frame: Frame = {
      joinRef: null,
      ref: null,
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event, payload, ...(meta ? { meta } : {}) },
    }
    this.toRoom(room, lazyFrames(frame), skip)
  }

  /** A presence change, to the channels in the room that have presence enabled. */
  presenceDiff(room: string, topic: string, diff: Diff) {
    const frame: Frame = { joinRef: null, ref: null, topic, event: 'presence_diff', payload: diff }
    this.toRoom(
      room,
      lazyFrames(frame),
      (target) => !target.presenceEnabled || !canSeePresence(target),
    )
  }

  private toRoom(
    room: string,
    encoded: Encoded,
    skip: (target: Channel) => boolean,
    binary = false,
  ) {
    // Text frames go out as the bytes encoded once above (`binary: false` keeps them text
    // frames); raw-byte broadcasts as binary frames.
    const options = { binary }
    for (const target of this.registry.inRoom(room)) {
      if (skip(target) || !isOpen(target.conn)) continue
      const bytes = encoded(target.conn.vsn)
      if (bytes === undefined) continue
      // Broadcasts from the database come in bursts (one WAL read, many messages): a socket's
      // frames of one burst go out in one write.
      this.cork(target.conn.ws)
      target.conn.ws.send(bytes, options)
    }
  }

  sendChange(ch: Channel, ids: number[], data: ChangeData) {
    if (!isJoined(ch)) return
    if (!isOpen(ch.conn)) return
    let json = this.changeJson.get(data)
    if (json === undefined) {
      json = JSON.stringify(data)
      this.changeJson.set(data, json)
    }
    this.cork(ch.conn.ws)
    // Byte for byte what encodeText gives for {joinRef: null, ref: null, topic,
    // event: 'postgres_changes', payload: {ids, data}}.
    const payload = `{"ids":${JSON.stringify(ids)},"data":${json}}`
    const topic = JSON.stringify(ch.topic)
    ch.conn.ws.send(
      ch.conn.vsn === '1.0.0'
        ? `{"topic":${topic},"event":"postgres_changes","payload":${payload},"ref":null}`
        : `[null,null,${topic},"postgres_changes",${payload}]`,
    )
  }

  /**
   * A batch of changes sends many frames to each socket in one go: hold them back until this
   * synchronous run ends, so that each socket gets one write, not one per frame (ws corks
   * per frame; corks nest).
   */
  private cork(ws: WebSocket) {
    const socket = (ws as unknown as { _socket?: Socket })._socket
    if (!socket || this.corked.has(socket)) return
    if (this.corked.size === 0)
      process.nextTick(() => {
        for (const s of this.corked) s.uncork()
        this.corked.clear()
      })
    socket.cork()
    this.corked.add(socket)
  }
}
