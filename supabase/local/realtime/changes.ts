// From a WAL row change to `postgres_changes` messages: shape the record as Supabase does,
// match it against every subscriber's bindings and filters, check RLS per batch of changes and
// distinct set of claims (authorize.ts), and deliver in commit order.
import type { Pgoutput } from 'pg-logical-replication'
import type { Log } from '../types.ts'
import type { Authorizer, TableInfo } from './authorize.ts'
import type { RowChange } from './capture.ts'
import type { Channel } from './channels.ts'
import { matches } from './filters.ts'

export interface ChangeData {
  schema: string
  table: string
  commit_timestamp: string
  type: 'INSERT' | 'UPDATE' | 'DELETE'
  columns: { name: string; type: string }[]
  record?: Record<string, unknown>
  old_record?: Record<string, unknown>
  errors: string[] | null
}

const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid'])

/**
 * Postgres text output → the JSON value Supabase puts in `record` (its wal2json output):
 * numbers and booleans as JSON, json/jsonb parsed, everything else as Postgres prints it.
 */
export function toJsonValue(text: unknown, type: string | undefined): unknown {
  if (text === null || text === undefined || typeof text !== 'string') return text ?? null
  if (type === 'bool') return text === 't'
  if (type && NUMBER_TYPES.has(type)) {
    const n = Number(text)
    return Number.isFinite(n) ? n : text
  }
  if (type === 'json' || type === 'jsonb') {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

function shape(
  tuple: Record<string, unknown> | null,
  rel: Pgoutput.MessageRelation,
  info: TableInfo,
  only?: string[],
) {
  if (!tuple) return undefined
  const out: Record<string, unknown> = {}
  for (const c of rel.columns) {
    if (only && !only.includes(c.name)) continue
    const v = tuple[c.name]
    // undefined = an unchanged TOAST value that the WAL does not carry
    if (v !== undefined) out[c.name] = toJsonValue(v, info.types.get(c.name))
  }
  return out
}

function pickText(
  tuple: Record<string, unknown> | null,
  columns: string[],
): Record<string, string> | null {
  if (!tuple || columns.length === 0) return null
  const out: Record<string, string> = {}
  for (const c of columns) {
    const v = tuple[c]
    if (typeof v !== 'string') return null
    out[c] = v
  }
  return out
}

interface Delivery {
  channel: Channel
  ids: number[]
  data?: ChangeData
}

/** The change as a role with column grants sees it: only the columns it may select. */
function onlyColumns(
  data: ChangeData,
  columns: string[],
  cache: Map<string, ChangeData>,
): ChangeData {
  const key = JSON.stringify(columns)
  let out = cache.get(key)
  if (!out) {
    const pick = (r?: Record<string, unknown>) =>
      r && Object.fromEntries(Object.entries(r).filter(([k]) => columns.includes(k)))
    out = {
      ...data,
      columns: data.columns.filter((c) => columns.includes(c.name)),
      ...(data.record ? { record: pick(data.record) } : {}),
      ...(data.old_record ? { old_record: pick(data.old_record) } : {}),
    }
    cache.set(key, out)
  }
  return out
}

/** One table's part of a batch: the rows to look up, the claims to check them for. */
interface TableBatch {
  pks: Record<string, string>[]
  /** claims key → role */
  claims: Map<string, string>
  /** Transactions that wrote the rows in pks. */
  xids: Set<number>
}

/** A captured change waiting for its batch; what is known at capture time is kept with it. */
interface Pending {
  change: RowChange
  commitTime: Date
  /** Its transaction: the row lookup waits until that is visible (see authorize.ts). */
  xid: number
  /** Channels listening to this table when the change was captured. */
  listening: Channel[]
  info: Promise<TableInfo | undefined>
}

/** A change shaped and matched, waiting for the RLS answer of its batch. */
interface Prepared {
  relid: number
  data: ChangeData
  /** claims key → deliveries of that claims value */
  groups: Map<string, Delivery[]>
  /** Index into its table's batch of primary keys; -1 = no row lookup (no RLS, DELETE). */
  pkIndex: number
}

/** A claims value's answer for one table in one batch (absent: sees nothing). */
interface Answer {
  columns: true | string[]
  /** Visible indexes into the batch's keys; null: no row lookup was needed. */
  rows: Set<number> | null
}

/** A batch after its RLS check: changes in commit order, answers per table and claims. */
interface Checked {
  prepared: (Prepared | undefined)[]
  answers: Map<number, Map<string, Answer>>
}

/** Most changes checked in one round: bounds one query's size and the wait of the next batch. */
const MAX_BATCH = 500
/** Claims values per query when a batch's check is split over the pool's connections. */
const CLAIMS_PER_QUERY = 48
const MAX_PARALLEL_QUERIES = 3

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
    private readonly send: (ch: Channel, ids: number[], data: ChangeData) => void,
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
      if (
        ch.bindings.some(
          (b) => b.schema === rel.schema && (b.table === undefined || b.table === rel.name),
        )
      )
        listening.push(ch)
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

  reset() {
    this.tables.clear()
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
        const checked = this.check(batch).catch((e: Error) => {
          this.log(`postgres_changes: ${e.message}`)
          return undefined
        })
        delivered = Promise.all([delivered, checked]).then(([, out]) => {
          try {
            if (out) this.deliver(out)
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

  private async check(batch: Pending[]): Promise<Checked> {
    // Shape and match every change; collect, per table, the keys to look up and the claims.
    const prepared: (Prepared | undefined)[] = []
    const perTable = new Map<number, TableBatch>()
    for (const item of batch) {
      let p: Prepared | undefined
      try {
        p = this.prepare(item, await item.info, perTable)
      } catch (e) {
        const rel = item.change.relation
        this.log(`postgres_changes: ${rel.schema}.${rel.name}: ${(e as Error).message}`)
      }
      prepared.push(p)
    }
    // One query per table and chunk of claims, the chunks in parallel on the pool.
    const answers = new Map<number, Map<string, Answer>>()
    await Promise.all(
      [...perTable].map(async ([relid, { pks, claims, xids }]) => {
        // Grouped by role: the cached row lookup is re-planned whenever the role changes.
        const all = [...claims.keys()].sort((a, b) => {
          const ra = claims.get(a)!
          const rb = claims.get(b)!
          return ra < rb ? -1 : ra > rb ? 1 : 0
        })
        const n = Math.min(MAX_PARALLEL_QUERIES, Math.ceil(all.length / CLAIMS_PER_QUERY))
        const size = Math.ceil(all.length / n)
        const byClaims = new Map<string, Answer>()
        answers.set(relid, byClaims)
        await Promise.all(
          Array.from({ length: n }, async (_, i) => {
            const chunk = all.slice(i * size, (i + 1) * size)
            try {
              const result = await this.authorizer.visibleBatch(
                relid,
                pks.length ? pks : null,
                chunk,
                [...xids],
              )
              chunk.forEach((key, j) => {
                const r = result[j]
                if (r) byClaims.set(key, { columns: r.c, rows: r.v && new Set(r.v) })
              })
            } catch (e) {
              // Unknown = not visible: never deliver what was not checked.
              this.log(
                `postgres_changes: RLS check of table ${relid} failed: ${(e as Error).message}`,
              )
            }
          }),
        )
      }),
    )
    return { prepared, answers }
  }

  /** Sends a checked batch, in commit order. */
  private deliver({ prepared, answers }: Checked) {
    for (const p of prepared) {
      if (!p) continue
      const byClaims = answers.get(p.relid)
      const variants = new Map<string, ChangeData>()
      for (const [key, deliveries] of p.groups) {
        const seen = byClaims?.get(key)
        if (!seen) continue
        if (p.pkIndex >= 0 && !seen.rows?.has(p.pkIndex)) continue
        const variant = seen.columns === true ? p.data : onlyColumns(p.data, seen.columns, variants)
        for (const d of deliveries) this.send(d.channel, d.ids, variant)
      }
    }
  }

  private prepare(
    item: Pending,
    info: TableInfo | undefined,
    perTable: Map<number, TableBatch>,
  ): Prepared | undefined {
    const { change, commitTime, xid, listening } = item
    const rel = change.relation
    if (!info) return undefined

    const type = change.tag === 'insert' ? 'INSERT' : change.tag === 'update' ? 'UPDATE' : 'DELETE'
    const data: ChangeData = {
      schema: rel.schema,
      table: rel.name,
      commit_timestamp: commitTime.toISOString(),
      type,
      columns: rel.columns.map((c) => ({
        name: c.name,
        type: info.types.get(c.name) ?? c.typeName ?? 'unknown',
      })),
      errors: null,
    }
    const oldTuple = change.tag === 'insert' ? null : (change.old ?? change.key)
    if (change.tag !== 'delete') data.record = shape(change.new, rel, info)
    if (change.tag === 'update') {
      data.old_record = change.old
        ? shape(change.old, rel, info)
        : shape(change.key ?? change.new, rel, info, info.pk)
    }
    if (change.tag === 'delete') {
      // A deleted row cannot be checked against RLS: only its primary key goes out.
      data.old_record =
        info.rls || !change.old ? shape(oldTuple, rel, info, info.pk) : shape(change.old, rel, info)
    }

    // Filters before RLS: only subscribers whose bindings match cost a check.
    const filterOn = (type === 'DELETE' ? data.old_record : data.record) ?? {}
    const groups = new Map<string, Delivery[]>()
    for (const channel of listening) {
      const ids: number[] = []
      for (const b of channel.bindings) {
        if (b.schema !== rel.schema || (b.table !== undefined && b.table !== rel.name)) continue
        if (b.event !== '*' && b.event !== type) continue
        if (!matches(b.conditions, filterOn, info.types)) continue
        if (!ids.includes(b.id)) ids.push(b.id)
      }
      if (ids.length === 0) continue
      const group = groups.get(channel.claimsKey)
      if (group) group.push({ channel, ids })
      else groups.set(channel.claimsKey, [{ channel, ids }])
    }
    if (groups.size === 0) return undefined

    let pk: Record<string, string> | null = null
    if (info.rls && type !== 'DELETE') {
      pk = pickText(change.tag === 'delete' ? null : change.new, info.pk)
      if (!pk) {
        this.log(
          `postgres_changes: ${rel.schema}.${rel.name} has RLS but no primary key; change not delivered`,
        )
        return undefined
      }
    }
    let table = perTable.get(rel.relationOid)
    if (!table) {
      table = { pks: [], claims: new Map(), xids: new Set() }
      perTable.set(rel.relationOid, table)
    }
    for (const [key, [first]] of groups)
      table.claims.set(key, String(first.channel.claims.role ?? 'anon'))
    let pkIndex = -1
    if (pk) {
      pkIndex = table.pks.length
      table.pks.push(pk)
      table.xids.add(xid)
    }
    return { relid: rel.relationOid, data, groups, pkIndex }
  }
}
