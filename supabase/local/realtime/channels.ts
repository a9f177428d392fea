// Joined channels: what a client asked for in its phx_join, and the registry by room.
import { createHash, randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { Claims } from './jwt.ts'
import { FilterError, parseFilter, type Condition } from './filters.ts'
import type { Ref, Vsn } from './protocol.ts'

export type ChangeEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE'

export interface Binding {
  id: number
  event: ChangeEvent
  schema: string
  /** undefined (or '*'): every table of the schema */
  table?: string
  conditions: Condition[]
}

/** Does the binding cover this table (its schema, and its table or every table of it)? */
export function coversTable(b: Binding, schema: string, table: string): boolean {
  return b.schema === schema && (b.table === undefined || b.table === table)
}

export interface Connection {
  ws: WebSocket
  /** The apikey of the upgrade URL: the token when a join brings none, as on Supabase. */
  apikey: string | null
  /** The serializer the socket asked for (`vsn` of the upgrade URL). */
  vsn: Vsn
  channels: Map<string, Channel>
  lastSeen: number
}

/** What a phx_join's config sets for its channel. */
export interface ChannelSettings {
  broadcastSelf: boolean
  broadcastAck: boolean
  presenceEnabled: boolean
  presenceKey: string
  isPrivate: boolean
  bindings: Binding[]
}

/**
 * Where a channel's broadcasts and presence live: its topic, private and public apart. On
 * Supabase a private and a public channel of the same name are two topics too
 * (`Tenants.tenant_topic(tenant, name, public?)`), so a public subscriber never sees a private one.
 */
export const roomOf = (topic: string, isPrivate: boolean) =>
  `${isPrivate ? 'private' : 'public'}|${topic}`

export interface Channel extends ChannelSettings {
  /** Unique per join; also the presence tracker id. */
  id: string
  conn: Connection
  topic: string
  /** roomOf(topic, isPrivate): the key of its broadcasts and presence. */
  room: string
  /** The topic without `realtime:`, as Supabase names the channel in system messages. */
  name: string
  joinRef: Ref
  token: string
  claims: Claims
  /** Canonical claims JSON: subscribers with equal claims share one RLS check. */
  claimsKey: string
  /**
   * What RLS on `realtime.messages` allowed this channel (private channels only; a public one may
   * do everything). `undefined`: not asked yet (write is asked on the first send or track).
   */
  policies?: Policies
  expiryTimer?: NodeJS.Timeout
}

export interface Policies {
  broadcast: { read: boolean; write?: boolean }
  /** read undefined: presence was off at join; asked on the first track. */
  presence: { read?: boolean; write?: boolean }
}

/** May receive broadcasts: public, or RLS let it read broadcast on the topic. */
export const canReceive = (ch: Channel) => !ch.isPrivate || ch.policies?.broadcast.read === true

/** May receive presence: public, or RLS let it read presence on the topic. */
export const canSeePresence = (ch: Channel) => !ch.isPrivate || ch.policies?.presence.read === true

/** The socket can take frames (not closing or closed). */
export const isOpen = (conn: Connection) => conn.ws.readyState === conn.ws.OPEN

/** Still the socket's channel on its topic: not left, closed or replaced by a rejoin. */
export const isJoined = (ch: Channel) => ch.conn.channels.get(ch.topic) === ch

export interface ParsedConfig extends ChannelSettings {
  /** The postgres_changes entries exactly as sent, for the echo. */
  changes: Record<string, unknown>[]
  /** One message per entry that could not be used. */
  errors: string[]
  /** `postgres_changes_options.wait`: refuse the join rather than join with errors. */
  waitForChanges: boolean
}

/** Supabase's ids are `phash2(params)`; any stable integer works if `ids` repeats it. */
function bindingId(entry: Record<string, unknown>): number {
  const text = JSON.stringify([
    entry.event,
    entry.schema,
    entry.table ?? null,
    entry.filter ?? null,
  ])
  return createHash('sha1').update(text).digest().readUInt32BE(0) >>> 1
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

export function parseConfig(payload: unknown): ParsedConfig {
  const config = obj(obj(payload).config)
  const broadcast = obj(config.broadcast)
  const presence = obj(config.presence)
  const changes = Array.isArray(config.postgres_changes) ? config.postgres_changes.map(obj) : []
  const bindings: Binding[] = []
  const errors: string[] = []
  for (const entry of changes) {
    const event = String(entry.event ?? '*').toUpperCase()
    if (!['*', 'INSERT', 'UPDATE', 'DELETE'].includes(event)) {
      errors.push(`Error parsing \`event\` params: ${String(entry.event)}`)
      continue
    }
    const schema = typeof entry.schema === 'string' && entry.schema !== '' ? entry.schema : 'public'
    const table =
      typeof entry.table === 'string' && entry.table !== '' && entry.table !== '*'
        ? entry.table
        : undefined
    let conditions: Condition[] = []
    if (typeof entry.filter === 'string' && entry.filter !== '') {
      try {
        conditions = parseFilter(entry.filter)
      } catch (e) {
        errors.push(`Error parsing \`filter\` params: ${(e as FilterError).message}`)
        continue
      }
    }
    bindings.push({ id: bindingId(entry), event: event as ChangeEvent, schema, table, conditions })
  }
  const key = typeof presence.key === 'string' ? presence.key : ''
  return {
    broadcastSelf: broadcast.self === true,
    broadcastAck: broadcast.ack === true,
    presenceEnabled: presence.enabled !== false,
    presenceKey: key !== '' ? key : randomUUID(),
    isPrivate: config.private === true,
    changes,
    bindings,
    errors,
    waitForChanges: changes.length > 0 && obj(config.postgres_changes_options).wait === true,
  }
}

/** The join reply's echo: each entry unchanged, in order, plus its id. */
export function echoChanges(changes: Record<string, unknown>[]): Record<string, unknown>[] {
  return changes.map((entry) => ({ ...entry, id: bindingId(entry) }))
}

export class Registry {
  /** room (see roomOf) → channels */
  private byRoom = new Map<string, Set<Channel>>()
  /** Channels with at least one postgres_changes binding. */
  readonly subscribers = new Set<Channel>()

  add(ch: Channel) {
    const set = this.byRoom.get(ch.room) ?? new Set<Channel>()
    this.byRoom.set(ch.room, set)
    set.add(ch)
    if (ch.bindings.length) this.subscribers.add(ch)
  }

  remove(ch: Channel) {
    clearTimeout(ch.expiryTimer)
    const set = this.byRoom.get(ch.room)
    set?.delete(ch)
    if (set?.size === 0) this.byRoom.delete(ch.room)
    this.subscribers.delete(ch)
  }

  inRoom(room: string): Iterable<Channel> {
    return this.byRoom.get(room) ?? []
  }

  clear() {
    for (const set of this.byRoom.values()) for (const ch of set) clearTimeout(ch.expiryTimer)
    this.byRoom.clear()
    this.subscribers.clear()
  }
}
