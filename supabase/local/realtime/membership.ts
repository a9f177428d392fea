// A channel's life on a socket: phx_join (topic, token and private checks, the join reply and
// its system / presence_state pushes), token refresh and expiry, and the ways it ends: a leave,
// a socket going away, a token that stops being valid (phx_close), or changes that may have
// been missed (phx_error).
import { randomUUID } from 'node:crypto'
import {
  canSeePresence,
  echoChanges,
  isJoined,
  isOpen,
  parseConfig,
  roomOf,
  type Channel,
  type Connection,
  type Registry,
} from './channels.ts'
import { msUntilExpiry, usableToken, type Claims, type Verified } from './jwt.ts'
import type { Outbound } from './outbound.ts'
import type { Extension, MessagePolicies } from './policies.ts'
import type { Presence } from './presence.ts'
import { reply, type Frame } from './protocol.ts'

/** Longest delay setTimeout can hold; tokens living longer get no expiry timer. */
const MAX_TIMER_MS = 2 ** 31 - 1

export class Membership {
  constructor(
    private readonly registry: Registry,
    private readonly presence: Presence,
    private readonly out: Outbound,
    private readonly verify: (token: unknown) => Promise<Verified>,
    private readonly checker: () => MessagePolicies | undefined,
  ) {}

  /** Read policies for a private channel: undefined when the check could not run. */
  private async readPolicies(claims: Claims, name: string, presence: boolean) {
    return this.checker()?.forJoin(claims, name, presence)
  }

  /**
   * May this private channel write `extension`? Asked of RLS on first use and kept, as Supabase
   * keeps a channel's policies until its token changes. Public channels may.
   */
  async mayWrite(ch: Channel, extension: Extension): Promise<boolean> {
    if (!ch.isPrivate) return true
    const policies = ch.policies
    if (!policies) return false
    if (extension === 'presence' && policies.presence.read === undefined) {
      const read = await this.checker()?.read(ch.claims, ch.name, ['presence'])
      policies.presence.read = read?.get('presence') === true
    }
    if (policies[extension].write === undefined) {
      const extensions: Extension[] =
        ch.presenceEnabled || extension === 'presence' ? ['broadcast', 'presence'] : ['broadcast']
      const write = await this.checker()?.write(ch.claims, ch.name, extensions)
      for (const e of extensions) policies[e].write = write?.get(e) === true
    }
    return policies[extension].write === true
  }

  async join(conn: Connection, frame: Frame) {
    const deny = (reason: string) => this.out.send(conn, reply(frame, 'error', { reason }))
    if (!frame.topic.startsWith('realtime:') || frame.topic.length > 255)
      return deny('Unauthorized: invalid topic')
    const payload = (frame.payload ?? {}) as Record<string, unknown>
    const token = usableToken(payload.access_token) ? payload.access_token : conn.apikey
    const verified = await this.verify(token)
    if (!verified.ok) return deny(`Unauthorized: ${verified.reason}`)
    const config = parseConfig(payload)
    const name = frame.topic.slice('realtime:'.length)
    // realtime-js 2.110+ may ask to hold SUBSCRIBED until postgres_changes is set up
    // (`postgres_changes_options.wait`); a subscription that cannot be set up then fails the join
    // instead of joining with a system error. Here it is set up at once, or not at all.
    if (config.waitForChanges && config.errors.length) return deny(config.errors.join('; '))
    // A private channel: RLS on realtime.messages decides (read broadcast or read presence).
    const policies = config.isPrivate
      ? await this.readPolicies(verified.claims, name, config.presenceEnabled)
      : undefined
    if (config.isPrivate && !(policies?.broadcast.read || policies?.presence.read)) {
      return deny(
        `Unauthorized: You do not have permissions to read from this Channel topic: ${name}`,
      )
    }
    // A second join on a topic replaces the first (the client rejoins with a new join_ref).
    const previous = conn.channels.get(frame.topic)
    if (previous) this.leave(previous)
    if (!isOpen(conn)) return

    const ch: Channel = {
      id: randomUUID(),
      conn,
      topic: frame.topic,
      room: roomOf(frame.topic, config.isPrivate),
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
      policies,
      bindings: config.bindings,
    }
    conn.channels.set(frame.topic, ch)
    this.registry.add(ch)
    this.armExpiry(ch)

    this.out.send(conn, reply(frame, 'ok', { postgres_changes: echoChanges(config.changes) }))
    if (config.changes.length) {
      const failed = config.errors.length > 0
      this.out.push(ch, 'system', {
        extension: 'postgres_changes',
        status: failed ? 'error' : 'ok',
        message: failed ? config.errors.join('; ') : 'Subscribed to PostgreSQL',
        channel: name,
      })
    }
    if (ch.presenceEnabled && canSeePresence(ch))
      this.out.push(ch, 'presence_state', this.presence.state(ch.room))
  }

  /** Remove a channel from everything; tells others it left presence. */
  leave(ch: Channel) {
    this.registry.remove(ch)
    const diff = this.presence.untrack(ch.room, ch.id)
    if (diff) this.out.presenceDiff(ch.room, ch.topic, diff)
  }

  /** Leave, and forget the channel on its socket (phx_leave, or the server ending it). */
  drop(ch: Channel) {
    this.leave(ch)
    ch.conn.channels.delete(ch.topic)
  }

  /** Leave every channel of a socket that is going away. */
  leaveAll(conn: Connection) {
    for (const ch of conn.channels.values()) this.leave(ch)
    conn.channels.clear()
  }

  async onAccessToken(ch: Channel, frame: Frame) {
    const token = (frame.payload as Record<string, unknown> | null)?.access_token
    if (!usableToken(token) || token === ch.token) return
    const verified = await this.verify(token)
    if (!isJoined(ch)) return
    if (!verified.ok) return this.closeChannel(ch, `Invalid JWT: ${verified.reason}`)
    if (ch.isPrivate) {
      // Policies are asked again with the new claims; a read they no longer allow ends the channel.
      const before = ch.policies
      const after = await this.readPolicies(verified.claims, ch.name, ch.presenceEnabled)
      if (!isJoined(ch)) return
      if (!(after?.broadcast.read || after?.presence.read))
        return this.closeChannel(
          ch,
          `You do not have permissions to read from this Channel topic: ${ch.name}`,
        )
      const revoked = (was?: boolean, now?: boolean) => was === true && now !== true
      if (
        revoked(before?.broadcast.read, after.broadcast.read) ||
        revoked(before?.presence.read, after.presence.read)
      )
        return this.closeChannel(
          ch,
          `You no longer have permission to read from this Channel topic: ${ch.name}`,
        )
      ch.policies = after
    }
    ch.token = token
    ch.claims = verified.claims
    ch.claimsKey = JSON.stringify(verified.claims)
    this.armExpiry(ch)
  }

  /**
   * Changes may have been missed (the WAL stream broke): send phx_error to every channel with
   * postgres_changes, so realtime-js reports CHANNEL_ERROR and rejoins after 1 s, and the app
   * reloads what it shows, as it does after any lost connection.
   */
  errorPostgresChannels() {
    for (const ch of [...this.registry.subscribers]) {
      if (!isJoined(ch)) continue
      this.out.push(ch, 'phx_error', {}, ch.joinRef)
      this.drop(ch)
    }
  }

  private armExpiry(ch: Channel) {
    clearTimeout(ch.expiryTimer)
    const ms = msUntilExpiry(ch.claims)
    if (ms === undefined || ms > MAX_TIMER_MS) return
    ch.expiryTimer = setTimeout(() => this.closeChannel(ch, 'Token has expired'), Math.max(0, ms))
    ch.expiryTimer.unref()
  }

  /** What Supabase does when a channel's token stops being valid: a system error, then phx_close. */
  private closeChannel(ch: Channel, message: string) {
    if (!isJoined(ch)) return
    this.out.push(ch, 'system', { extension: 'system', status: 'error', message, channel: ch.name })
    this.out.push(ch, 'phx_close', {}, ch.joinRef)
    this.drop(ch)
  }
}
