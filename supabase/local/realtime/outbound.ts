// Server → client frames: a reply to one socket, a push to one joined channel, fan-out of
// broadcasts and presence diffs to every channel in a room (a topic, private and public apart), and postgres_changes (JSON encoded
// once per change, a socket's frames of one batch written together).
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { ChangeData } from './change-data.ts'
import { isJoined, isOpen, type Channel, type Connection, type Registry } from './channels.ts'
import type { Diff } from './presence.ts'
import {
  encodeBinaryBroadcast,
  encodeText,
  type Frame,
  type RawPayload,
  type Ref,
} from './protocol.ts'

export class Outbound {
  private corked = new Set<Socket>()
  /** JSON of a change, encoded once however many channels get the same object. */
  private changeJson = new WeakMap<ChangeData, string>()

  constructor(private readonly registry: Registry) {}

  send(conn: Connection, frame: Frame) {
    if (!isOpen(conn)) return
    conn.ws.send(encodeText(frame))
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
    const text = raw
      ? undefined
      : encodeText({
          joinRef: null,
          ref: null,
          topic,
          event: 'broadcast',
          payload: { type: 'broadcast', event, payload, ...(meta ? { meta } : {}) },
        })
    const binary = raw ? encodeBinaryBroadcast(topic, event, raw) : undefined
    this.toRoom(room, text ?? binary!, (target) => target === sender && !target.broadcastSelf)
  }

  /** A presence change, to the channels in the room that have presence enabled. */
  presenceDiff(room: string, topic: string, diff: Diff) {
    const text = encodeText({
      joinRef: null,
      ref: null,
      topic,
      event: 'presence_diff',
      payload: diff,
    })
    this.toRoom(room, text, (target) => !target.presenceEnabled)
  }

  private toRoom(room: string, data: string | Buffer, skip: (target: Channel) => boolean) {
    for (const target of this.registry.inRoom(room)) {
      if (skip(target) || !isOpen(target.conn)) continue
      target.conn.ws.send(data)
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
    ch.conn.ws.send(
      `[null,null,${JSON.stringify(ch.topic)},"postgres_changes",{"ids":${JSON.stringify(ids)},"data":${json}}]`,
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
