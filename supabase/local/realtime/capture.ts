// Change capture from the WAL, as Supabase Realtime does it: a logical replication stream with
// the pgoutput plugin on the `supabase_realtime` publication. The slot is TEMPORARY, created on
// the replication connection itself, so Postgres drops it when we disconnect or crash: a
// developer's machine never piles up WAL for a realtime server that is not running.
// When the stream breaks (Postgres restarted) we reconnect with backoff.
import { randomBytes } from 'node:crypto'
import type { Client } from 'pg'
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication'
import type { Log } from '../types.ts'

export type RowChange = Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete

export interface CaptureEvents {
  /**
   * Called in commit order, synchronously as the stream is read. `xid`: the transaction's id;
   * its commit may not be visible to other sessions yet when the change arrives.
   */
  onChange(change: RowChange, commitTime: Date, xid: number): void
  /** A relation (re)description: table metadata may have changed. */
  onRelation(relation: Pgoutput.MessageRelation): void
  /**
   * The stream runs again after it broke. The new temporary slot starts at the current WAL
   * position, so commits made in between were never seen: subscribers must reload.
   */
  onResumed?(): void
}

const identity = (raw: unknown) => raw

/** pgoutput with a temporary slot and values left as Postgres's text output. */
class TemporarySlotPlugin extends PgoutputPlugin {
  override parse(buffer: Buffer): Pgoutput.Message {
    const msg = super.parse(buffer)
    // The library parses values with node-pg's type parsers (dates become Date objects, …);
    // Realtime sends Postgres's text form, so keep the raw text. Later tuples of this relation
    // are read with these parsers.
    if (msg.tag === 'relation') for (const c of msg.columns) c.parser = identity
    return msg
  }

  override async start(client: Client, slotName: string, lastLsn: string): Promise<unknown> {
    await client.query(
      `CREATE_REPLICATION_SLOT "${slotName}" TEMPORARY LOGICAL pgoutput (SNAPSHOT 'nothing')`,
    )
    return super.start(client, slotName, lastLsn)
  }
}

export class ChangeCapture {
  private service?: LogicalReplicationService
  private stopped = true
  private attempt = 0
  private retryTimer?: NodeJS.Timeout
  private commitTime = new Date()
  private xid = 0
  /** Bumped on every start/stop so that callbacks of an old stream are ignored. */
  private generation = 0
  /** True once this start()'s stream has run: a later 'start' is a reconnect. */
  private resuming = false

  constructor(
    private readonly dbUrl: string,
    private readonly events: CaptureEvents,
    private readonly log: Log,
  ) {}

  /** Resolves once the stream runs, so that every commit after this is delivered. */
  async start(): Promise<void> {
    this.stopped = false
    this.resuming = false
    const gen = ++this.generation
    let lastError: unknown
    for (let i = 0; i < 20 && !this.stopped && gen === this.generation; i++) {
      try {
        await this.connect(gen)
        return
      } catch (e) {
        lastError = e
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    if (!this.stopped)
      throw new Error(`realtime: cannot start change capture: ${String(lastError)}`)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.generation++
    clearTimeout(this.retryTimer)
    const service = this.service
    this.service = undefined
    await service?.destroy().catch(() => undefined)
  }

  private connect(gen: number): Promise<void> {
    const slot = `emmer_realtime_${randomBytes(6).toString('hex')}`
    const service = new LogicalReplicationService(
      { connectionString: this.dbUrl, application_name: 'emmer_realtime' },
      { acknowledge: { auto: true, timeoutSeconds: 10 } },
    )
    this.service = service
    const plugin = new TemporarySlotPlugin({
      protoVersion: 1,
      // Table changes for postgres_changes, and inserts into realtime.messages: broadcasts from
      // the database (hosted Realtime reads the latter from a publication of the same name).
      publicationNames: ['supabase_realtime', 'supabase_realtime_messages_publication'],
    })

    service.on('data', (_lsn: string, msg: Pgoutput.Message) => {
      if (gen !== this.generation) return
      switch (msg.tag) {
        case 'begin':
          this.commitTime = new Date(Number((msg.commitTime as bigint) / 1000n))
          // The parser reads it as a signed int32; xids are unsigned.
          this.xid = msg.xid >>> 0
          break
        case 'relation':
          this.events.onRelation(msg)
          break
        case 'insert':
        case 'update':
        case 'delete':
          this.events.onChange(msg, this.commitTime, this.xid)
          break
      }
    })
    service.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
      if (shouldRespond) void service.acknowledge(lsn).catch(() => undefined)
    })
    service.on('error', (e: Error) => {
      if (gen === this.generation && !this.stopped) this.log(`change capture: ${e.message}`)
    })

    return new Promise<void>((resolve, reject) => {
      let started = false
      service.on('start', () => {
        started = true
        if (this.resuming) this.events.onResumed?.()
        this.resuming = true
        this.attempt = 0
        this.log(`change capture streaming from slot ${slot}`)
        resolve()
      })
      service
        .subscribe(plugin, slot)
        .then(
          () => undefined,
          (e: Error) => e,
        )
        .then((error) => {
          if (!started) {
            void service.destroy().catch(() => undefined)
            reject(error ?? new Error('replication ended before it started'))
            return
          }
          if (gen !== this.generation || this.stopped) return
          this.log(`change capture stream ended${error ? `: ${error.message}` : ''}; reconnecting`)
          void service.destroy().catch(() => undefined)
          this.scheduleReconnect(gen)
        })
    })
  }

  private scheduleReconnect(gen: number) {
    const delay = Math.min(5000, 100 * 2 ** this.attempt++)
    this.retryTimer = setTimeout(() => {
      if (gen !== this.generation || this.stopped) return
      this.connect(gen).catch((e: Error) => {
        if (gen !== this.generation || this.stopped) return
        this.log(`change capture reconnect failed: ${e.message}`)
        this.scheduleReconnect(gen)
      })
    }, delay)
  }
}
