// The websocket side: Phoenix channels over `ws`. One Connection per socket, one Channel per
// joined topic on it. Every handler is defensive: a bad frame gets an error reply in the Phoenix
// shape (when it has a ref to reply to) and never takes the process down.
import type { IncomingMessage } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Log } from '../types.ts'
import type { ChangeData } from './change-data.ts'
import { echoChanges, parseConfig, Registry, type Channel, type Connection } from './channels.ts'
import { canUsePrivate, msUntilExpiry, usableToken, type Verified } from './jwt.ts'
import { Presence, type Diff } from './presence.ts'
import {
  decodeBinary,
  decodeText,
  encodeBinaryBroadcast,
  encodeText,
  ProtocolError,
  reply,
  type Frame,
  type RawPayload,
} from './protocol.ts'

export interface SocketServerOptions {
  verify: (token: unknown) => Promise<Verified>
  log: Log
  /** Drop a socket that sent nothing (not even a heartbeat) for this long. Phoenix: 60 s. */
  idleTimeoutMs: number
  maxPayloadBytes: number
}

/** Longest delay setTimeout can hold; tokens living longer get no expiry timer. */
const MAX_TIMER_MS = 2 ** 31 - 1

export class SocketServer {
  readonly registry = new Registry()
  readonly presence = new Presence()
  private wss?: WebSocketServer
  private connections = new Set<Connection>()
  private idleTimer?: NodeJS.Timeout

  constructor(private readonly opts: SocketServerOptions) {}

  get running() {
    return this.wss !== undefined
  }

  start() {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.opts.maxPayloadBytes,
      perMessageDeflate: false,
    })
    this.idleTimer = setInterval(() => this.dropIdle(), Math.min(5000, this.opts.idleTimeoutMs / 4))
    this.idleTimer.unref()
  }

  async stop() {
    clearInterval(this.idleTimer)
    const wss = this.wss
    this.wss = undefined
    for (const conn of this.connections) {
      this.closeConnection(conn)
      // 1012: service restart. The client reconnects on any close it did not ask for.
      conn.ws.close(1012, 'realtime restarting')
    }
    // Give close frames a moment, then cut whatever still hangs on.
    await new Promise((r) => setTimeout(r, 50))
    for (const conn of this.connections) conn.ws.terminate()
    this.connections.clear()
    this.registry.clear()
    this.presence.clear()
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()))
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL) {
    const wss = this.wss
    if (!wss) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n')
      return
    }
    if (path !== '/websocket' && path !== '/websocket/') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url))
  }

  private onConnection(ws: WebSocket, url: URL) {
    const conn: Connection = {
      ws,
      apikey: url.searchParams.get('apikey'),
      channels: new Map(),
      lastSeen: Date.now(),
    }
    this.connections.add(conn)
    // Frames of one socket are handled one after the other, as a Phoenix channel process would:
    // a leave right after a join must not overtake the join's (async) token check.
    let queue: Promise<void> = Promise.resolve()
    ws.on('message', (data: RawData, isBinary: boolean) => {
      conn.lastSeen = Date.now()
      queue = queue
        .then(() => this.onMessage(conn, data, isBinary))
        .catch((e: Error) => this.opts.log(`realtime: handler failed: ${e.stack ?? e.message}`))
    })
    ws.on('error', (e) => this.opts.log(`realtime: socket error: ${e.message}`))
    ws.on('close', () => {
      this.closeConnection(conn)
      this.connections.delete(conn)
    })
  }

  private dropIdle() {
    const now = Date.now()
    for (const conn of this.connections) {
      if (now - conn.lastSeen > this.opts.idleTimeoutMs) {
        this.opts.log('realtime: dropping a socket that stopped sending heartbeats')
        this.closeConnection(conn)
        conn.ws.close(1000, 'heartbeat timeout')
        setTimeout(() => conn.ws.terminate(), 1000).unref()
      }
    }
  }

  /** Leave every channel of a socket that is going away. */
  private closeConnection(conn: Connection) {
    for (const ch of conn.channels.values()) this.leave(ch)
    conn.channels.clear()
  }

  send(conn: Connection, frame: Frame) {
    if (conn.ws.readyState !== conn.ws.OPEN) return
    conn.ws.send(encodeText(frame))
  }

  private async onMessage(conn: Connection, data: RawData, isBinary: boolean) {
    const buf = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data)
    let frame: Frame
    try {
      frame = isBinary ? decodeBinary(buf) : decodeText(buf.toString('utf8'))
    } catch (e) {
      const err = e as ProtocolError
      this.opts.log(`realtime: ${err.message}`)
      const { ref, joinRef, topic } = err.partial ?? {}
      if (ref && typeof topic === 'string')
        this.send(
          conn,
          reply({ joinRef: joinRef ?? null, ref, topic }, 'error', { reason: err.message }),
        )
      return
    }
    if (frame.topic === 'phoenix') {
      if (frame.event === 'heartbeat') this.send(conn, reply(frame, 'ok', {}))
      else this.send(conn, reply(frame, 'error', { reason: `unknown event \`${frame.event}\`` }))
      return
    }
    if (frame.event === 'phx_join') return this.join(conn, frame)
    const ch = conn.channels.get(frame.topic)
    if (frame.event === 'phx_leave') {
      if (ch) {
        this.leave(ch)
        conn.channels.delete(frame.topic)
      }
      this.send(conn, reply(frame, 'ok', {}))
      return
    }
    if (!ch) {
      this.send(conn, reply(frame, 'error', { reason: 'unmatched topic' }))
      return
    }
    switch (frame.event) {
      case 'broadcast':
        return this.onBroadcast(ch, frame)
      case 'presence':
        return this.onPresence(ch, frame)
      case 'access_token':
        return this.onAccessToken(ch, frame)
      default:
        this.send(conn, reply(frame, 'error', { reason: `unknown event \`${frame.event}\`` }))
    }
  }

  private async join(conn: Connection, frame: Frame) {
    const deny = (reason: string) => this.send(conn, reply(frame, 'error', { reason }))
    if (!frame.topic.startsWith('realtime:') || frame.topic.length > 255)
      return deny('Unauthorized: invalid topic')
    const payload = (frame.payload ?? {}) as Record<string, unknown>
    const token = usableToken(payload.access_token) ? payload.access_token : conn.apikey
    const verified = await this.opts.verify(token)
    if (!verified.ok) return deny(`Unauthorized: ${verified.reason}`)
    const config = parseConfig(payload)
    const name = frame.topic.slice('realtime:'.length)
    if (config.isPrivate && !canUsePrivate(verified.claims)) {
      return deny(
        `Unauthorized: You do not have permissions to read from this Channel topic: ${name}`,
      )
    }
    // A second join on a topic replaces the first (the client rejoins with a new join_ref).
    const previous = conn.channels.get(frame.topic)
    if (previous) this.leave(previous)
    if (conn.ws.readyState !== conn.ws.OPEN) return

    const ch: Channel = {
      id: randomUUID(),
      conn,
      topic: frame.topic,
      name,
      joinRef: frame.ref,
      token: token as string,
      claims: verified.claims,
      claimsKey: JSON.stringify(verified.claims),
      broadcastSelf: config.broadcastSelf,
      broadcastAck: config.broadcastAck,
      presenceEnabled: config.presenceEnabled,
      presenceKey: config.presenceKey,
      isPrivate: config.isPrivate,
      bindings: config.bindings,
    }
    conn.channels.set(frame.topic, ch)
    this.registry.add(ch)
    this.armExpiry(ch)

    this.send(conn, reply(frame, 'ok', { postgres_changes: echoChanges(config.changes) }))
    if (config.changes.length) {
      const failed = config.errors.length > 0
      this.send(conn, {
        joinRef: ch.joinRef,
        ref: null,
        topic: ch.topic,
        event: 'system',
        payload: {
          extension: 'postgres_changes',
          status: failed ? 'error' : 'ok',
          message: failed ? config.errors.join('; ') : 'Subscribed to PostgreSQL',
          channel: name,
        },
      })
    }
    if (ch.presenceEnabled) {
      this.send(conn, {
        joinRef: ch.joinRef,
        ref: null,
        topic: ch.topic,
        event: 'presence_state',
        payload: this.presence.state(ch.topic),
      })
    }
  }

  /** Remove a channel from everything; tells others it left presence. */
  private leave(ch: Channel) {
    this.registry.remove(ch)
    const diff = this.presence.untrack(ch.topic, ch.id)
    if (diff) this.sendDiff(ch.topic, diff)
  }

  private armExpiry(ch: Channel) {
    clearTimeout(ch.expiryTimer)
    const ms = msUntilExpiry(ch.claims)
    if (ms === undefined || ms > MAX_TIMER_MS) return
    ch.expiryTimer = setTimeout(() => this.closeChannel(ch, 'Token has expired'), Math.max(0, ms))
    ch.expiryTimer.unref()
  }

  /**
   * Changes may have been missed (the WAL stream broke): send phx_error to every channel with
   * postgres_changes, so realtime-js reports CHANNEL_ERROR and rejoins after 1 s, and the app
   * reloads what it shows, as it does after any lost connection.
   */
  errorPostgresChannels() {
    for (const ch of [...this.registry.subscribers]) {
      if (ch.conn.channels.get(ch.topic) !== ch) continue
      this.send(ch.conn, {
        joinRef: ch.joinRef,
        ref: ch.joinRef,
        topic: ch.topic,
        event: 'phx_error',
        payload: {},
      })
      this.leave(ch)
      ch.conn.channels.delete(ch.topic)
    }
  }

  /** What Supabase does when a channel's token stops being valid: a system error, then phx_close. */
  private closeChannel(ch: Channel, message: string) {
    if (ch.conn.channels.get(ch.topic) !== ch) return
    this.send(ch.conn, {
      joinRef: ch.joinRef,
      ref: null,
      topic: ch.topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message, channel: ch.name },
    })
    this.send(ch.conn, {
      joinRef: ch.joinRef,
      ref: ch.joinRef,
      topic: ch.topic,
      event: 'phx_close',
      payload: {},
    })
    this.leave(ch)
    ch.conn.channels.delete(ch.topic)
  }

  private async onAccessToken(ch: Channel, frame: Frame) {
    const token = (frame.payload as Record<string, unknown> | null)?.access_token
    if (!usableToken(token) || token === ch.token) return
    const verified = await this.opts.verify(token)
    if (ch.conn.channels.get(ch.topic) !== ch) return
    if (!verified.ok) return this.closeChannel(ch, `Invalid JWT: ${verified.reason}`)
    if (ch.isPrivate && !canUsePrivate(verified.claims)) {
      return this.closeChannel(ch, 'You do not have permissions to read from this Channel topic')
    }
    ch.token = token
    ch.claims = verified.claims
    ch.claimsKey = JSON.stringify(verified.claims)
    this.armExpiry(ch)
  }

  private onBroadcast(ch: Channel, frame: Frame) {
    const p = frame.payload as Record<string, unknown> | null
    if (!p || typeof p !== 'object' || typeof p.event !== 'string') {
      if (frame.ref)
        this.send(ch.conn, reply(frame, 'error', { reason: 'broadcast needs an event' }))
      return
    }
    this.broadcast(ch.topic, p.event, p.payload, p.meta, ch)
    if (ch.broadcastAck && frame.ref) this.send(ch.conn, reply(frame, 'ok', {}))
  }

  /** Fan-out to every channel on the topic; the sender only if it joined with self:true. */
  broadcast(topic: string, event: string, payload: unknown, meta?: unknown, sender?: Channel) {
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
    for (const target of this.registry.onTopic(topic)) {
      if (target === sender && !target.broadcastSelf) continue
      if (target.conn.ws.readyState !== target.conn.ws.OPEN) continue
      target.conn.ws.send(text ?? binary!)
    }
  }

  private onPresence(ch: Channel, frame: Frame) {
    const p = frame.payload as Record<string, unknown> | null
    const event = p && typeof p === 'object' ? p.event : undefined
    if (event === 'track') {
      const meta =
        p!.payload && typeof p!.payload === 'object' && !Array.isArray(p!.payload)
          ? (p!.payload as Record<string, unknown>)
          : {}
      const diff = this.presence.track(ch.topic, ch.id, ch.presenceKey, meta)
      this.send(ch.conn, reply(frame, 'ok', {}))
      if (diff) this.sendDiff(ch.topic, diff)
      return
    }
    if (event === 'untrack') {
      const diff = this.presence.untrack(ch.topic, ch.id)
      this.send(ch.conn, reply(frame, 'ok', {}))
      if (diff) this.sendDiff(ch.topic, diff)
      return
    }
    this.send(ch.conn, reply(frame, 'error', { reason: 'presence event must be track or untrack' }))
  }

  private sendDiff(topic: string, diff: Diff) {
    const text = encodeText({
      joinRef: null,
      ref: null,
      topic,
      event: 'presence_diff',
      payload: diff,
    })
    for (const target of this.registry.onTopic(topic)) {
      if (!target.presenceEnabled || target.conn.ws.readyState !== target.conn.ws.OPEN) continue
      target.conn.ws.send(text)
    }
  }

  private corked = new Set<import('node:net').Socket>()

  /**
   * A batch of changes sends many frames to each socket in one go: hold them back until this
   * synchronous run ends, so that each socket gets one write, not one per frame (ws corks
   * per frame; corks nest).
   */
  private cork(ws: WebSocket) {
    const socket = (ws as unknown as { _socket?: import('node:net').Socket })._socket
    if (!socket || this.corked.has(socket)) return
    if (this.corked.size === 0)
      process.nextTick(() => {
        for (const s of this.corked) s.uncork()
        this.corked.clear()
      })
    socket.cork()
    this.corked.add(socket)
  }

  /** JSON of a change, encoded once however many channels get the same object. */
  private changeJson = new WeakMap<ChangeData, string>()

  sendChange(ch: Channel, ids: number[], data: ChangeData) {
    if (ch.conn.channels.get(ch.topic) !== ch) return
    if (ch.conn.ws.readyState !== ch.conn.ws.OPEN) return
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
}
