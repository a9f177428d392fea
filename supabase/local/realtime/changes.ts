// From WAL row changes to `postgres_changes` messages: the queue between change capture and
// delivery. Captured changes wait here for the next batch, which batch.ts shapes, matches,
// checks against RLS per distinct set of claims (authorize.ts) and delivers in commit order.
import type { Pgoutput } from 'pg-logical-replication'
import type { Log } from '../types.ts'
import type { Authorizer, TableInfo } from './authorize.ts'
import { checkBatch, deliverBatch, type Pending, type SendChange } from './batch.ts'
import type { RowChange } from './capture.ts'
import { coversTable, type Channel } from './channels.ts'

/** Most changes checked in one round: bounds one query's size and the wait of the next batch. */
const MAX_BATCH = 500

/**
 * Captured changes queue up while a batch is being checked; the next batch takes all of them.
 * Per batch and table there is one RLS query per chunk of distinct claims (not per change and
 * listener), so the cost per change falls as the rate rises. Capture only appends to the queue
 * and never waits; batches run one after the other and deliver in commit order.
 */
export class ChangeDispatcher {
  private tables = new Map<number, Promise<TableInfo | undefined>>()
  private queue: Pending[] = []
  private active = false
  private loop: Promise<void> = Promise.resolve()

  constructor(
    private readonly authorizer: Authorizer,
    private readonly subscribers: () => Iterable<Channel>,
    private readonly send: SendChange,
    private readonly log: Log,
  ) {}

  onRelation(rel: Pgoutput.MessageRelation) {
    this.tables.delete(rel.relationOid)
  }

  /** Called in commit order, synchronously as the WAL is read: only queues the change. */
  onChange(change: RowChange, commitTime: Date, xid: number) {
    const rel = change.relation
    // Cheap first: is anybody listening to this table at all?
    const listening: Channel[] = []
    for (const ch of this.subscribers()) {
      if (ch.bindings.some((b) => coversTable(b, rel.schema, rel.name))) listening.push(ch)
    }
    if (listening.length === 0) return
    // Table facts as of this point in the stream (a later relation message resets the cache).
    this.queue.push({ change, commitTime, xid, listening, info: this.info(rel.relationOid) })
    if (!this.active) {
      this.active = true
      this.loop = this.run()
    }
  }

  /** Resolves when everything captured so far has been delivered. */
  drained(): Promise<void> {
    return this.active ? this.loop : Promise.resolve()
  }

  private async run() {
    try {
      // Let the rest of this WAL chunk (often the rest of the transaction) join the first batch.
      await new Promise((r) => setImmediate(r))
      // Pipelined: batch N+1 is checked in Postgres while batch N is sent out here; checks run
      // one batch at a time, and deliveries are chained, so commit order holds.
      let delivered: Promise<void> = Promise.resolve()
      for (;;) {
        if (this.queue.length === 0) {
          await delivered
          if (this.queue.length === 0) break
          continue
        }
        const batch = this.queue.splice(0, MAX_BATCH)
        const checked = checkBatch(batch, this.authorizer, this.log).catch((e: Error) => {
          this.log(`postgres_changes: ${e.message}`)
          return undefined
        })
        delivered = Promise.all([delivered, checked]).then(([, out]) => {
          try {
            if (out) deliverBatch(out, this.send)
          } catch (e) {
            this.log(`postgres_changes delivery: ${(e as Error).message}`)
          }
        })
        await checked
      }
    } finally {
      // Set in the same synchronous step that saw the queue empty: the next onChange restarts.
      this.active = false
    }
  }

  private info(relid: number): Promise<TableInfo | undefined> {
    let p = this.tables.get(relid)
    if (!p) {
      p = this.authorizer.tableInfo(relid)
      p.catch(() => this.tables.delete(relid))
      this.tables.set(relid, p)
    }
    return p
  }
}
