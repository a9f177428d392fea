// The websocket side: Phoenix channels over `ws`. This module owns the sockets (upgrade, one
// Connection each, idle timeout, restart); inbound.ts handles their frames, membership.ts their
// channels, outbound.ts what is sent to them. Every handler is defensive: a bad frame never
// takes the process down.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Log } from '../types.ts'
import type { ChangeData } from './change-data.ts'
import { Registry, roomOf, type Channel, type Connection } from './channels.ts'
import { Inbound } from './inbound.ts'
import type { Verified } from './jwt.ts'
import { Membership } from './membership.ts'
import { Outbound } from './outbound.ts'
import type { MessagePolicies } from './policies.ts'
import { Presence } from './presence.ts'
import { negotiateVsn, type Vsn } from './protocol.ts'

export interface SocketServerOptions {
  verify: (token: unknown) => Promise<Verified>
  log: Log
  /** Drop a socket that sent nothing (not even a heartbeat) for this long. Phoenix: 60 s. */
  idleTimeoutMs: number
  maxPayloadBytes: number
  /** RLS on realtime.messages for private channels (undefined while stopped: private denied). */
  policies: () => MessagePolicies | undefined
}

export class SocketServer {
  readonly registry = new Registry()
  readonly presence = new Presence()
  private readonly out = new Outbound(this.registry)
  private readonly members: Membership
  private readonly inbound: Inbound
  private wss?: WebSocketServer
  private connections = new Set<Connection>()
  private idleTimer?: NodeJS.Timeout

  constructor(private readonly opts: SocketServerOptions) {
    this.members = new Membership(
      this.registry,
      this.presence,
      this.out,
      opts.verify,
      opts.policies,
    )
    this.inbound = new Inbound(this.out, this.members, this.presence, opts.log)
  }

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
      this.members.leaveAll(conn)
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
    const vsn = negotiateVsn(url.searchParams.get('vsn'))
    if (!vsn) {
      // Phoenix refuses a version it has no serializer for before the upgrade.
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url, vsn))
  }

  /**
   * REST and database broadcast: fan-out to every channel on the topic that is private or public
   * as asked (on a private one, only to channels RLS lets read broadcast).
   */
  broadcast(topic: string, isPrivate: boolean, event: string, payload: unknown, meta?: unknown) {
    this.out.broadcast(roomOf(topic, isPrivate), topic, event, payload, meta)
  }

  /** One postgres_changes message to one channel (ChangeDispatcher's sink). */
  sendChange(ch: Channel, ids: number[], data: ChangeData) {
    this.out.sendChange(ch, ids, data)
  }

  /** The WAL stream broke: make every postgres_changes channel rejoin (see Membership). */
  errorPostgresChannels() {
    this.members.errorPostgresChannels()
  }

  private onConnection(ws: WebSocket, url: URL, vsn: Vsn) {
    const conn: Connection = {
      ws,
      apikey: url.searchParams.get('apikey'),
      vsn,
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
        .then(() => this.inbound.onMessage(conn, data, isBinary))
        .catch((e: Error) => this.opts.log(`realtime: handler failed: ${e.stack ?? e.message}`))
    })
    ws.on('error', (e) => this.opts.log(`realtime: socket error: ${e.message}`))
    ws.on('close', () => {
      this.members.leaveAll(conn)
      this.connections.delete(conn)
    })
  }

  private dropIdle() {
    const now = Date.now()
    for (const conn of this.connections) {
      if (now - conn.lastSeen > this.opts.idleTimeoutMs) {
        this.opts.log('realtime: dropping a socket that stopped sending heartbeats')
        this.members.leaveAll(conn)
        conn.ws.close(1000, 'heartbeat timeout')
        setTimeout(() => conn.ws.terminate(), 1000).unref()
      }
    }
  }
}
