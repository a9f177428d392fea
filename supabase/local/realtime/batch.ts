// One batch of captured changes (changes.ts queues them): shape each change, match it against
// its listeners' bindings and filters, group the listeners by distinct claims, check RLS with
// one query per table and chunk of claims (authorize.ts), then deliver in commit order.
import type { Log } from '../types.ts'
import type { Authorizer, TableInfo } from './authorize.ts'
import type { RowChange } from './capture.ts'
import {
  changeData,
  newTuple,
  onlyColumns,
  pickText,
  textTuple,
  type ChangeData,
} from './change-data.ts'
import { coversTable, type Channel } from './channels.ts'
import { matches } from './filters.ts'

/** Sends one change to one channel, under the ids of its matching bindings. */
export type SendChange = (ch: Channel, ids: number[], data: ChangeData) => void

interface Delivery {
  channel: Channel
  ids: number[]
}

/** One table's part of a batch: the row versions to check, the claims to check them for. */
interface TableBatch {
  /** Each change's new version, as text values: RLS is checked on what the event carries. */
  tuples: Record<string, string | null>[]
  /** claims key → role */
  claims: Map<string, string>
  /** Transactions that wrote the versions in tuples. */
  xids: Set<number>
}

/** A captured change waiting for its batch; what is known at capture time is kept with it. */
export interface Pending {
  change: RowChange
  commitTime: Date
  /** Its transaction: the row lookup waits until that is visible (see authorize-sql.ts). */
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
  /** Index into its table's batch of tuples; -1 = no row check (no RLS, DELETE). */
  index: number
}

/** A claims value's answer for one table in one batch (absent: sees nothing). */
interface Answer {
  columns: true | string[]
  /** Visible indexes into the batch's keys; null: no row lookup was needed. */
  rows: Set<number> | null
}

/** A batch after its RLS check: changes in commit order, answers per table and claims. */
export interface Checked {
  prepared: (Prepared | undefined)[]
  answers: Map<number, Map<string, Answer>>
}

/** Claims values per query when a batch's check is split over the pool's connections. */
const CLAIMS_PER_QUERY = 48
const MAX_PARALLEL_QUERIES = 3

export async function checkBatch(
  batch: Pending[],
  authorizer: Authorizer,
  log: Log,
): Promise<Checked> {
  // Shape and match every change; collect, per table, the versions to check and the claims.
  const prepared: (Prepared | undefined)[] = []
  const perTable = new Map<number, TableBatch>()
  for (const item of batch) {
    let p: Prepared | undefined
    try {
      p = prepare(item, await item.info, perTable, log)
    } catch (e) {
      const rel = item.change.relation
      log(`postgres_changes: ${rel.schema}.${rel.name}: ${(e as Error).message}`)
    }
    prepared.push(p)
  }
  // One query per table and chunk of claims, the chunks in parallel on the pool.
  const answers = new Map<number, Map<string, Answer>>()
  await Promise.all(
    [...perTable].map(async ([relid, { tuples, claims, xids }]) => {
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
            const result = await authorizer.visibleBatch(
              relid,
              tuples.length ? tuples : null,
              chunk,
              [...xids],
            )
            chunk.forEach((key, j) => {
              const r = result[j]
              if (r) byClaims.set(key, { columns: r.c, rows: r.v && new Set(r.v) })
            })
          } catch (e) {
            // Unknown = not visible: never deliver what was not checked.
            log(`postgres_changes: RLS check of table ${relid} failed: ${(e as Error).message}`)
          }
        }),
      )
    }),
  )
  return { prepared, answers }
}

/** Sends a checked batch, in commit order. */
export function deliverBatch({ prepared, answers }: Checked, send: SendChange) {
  for (const p of prepared) {
    if (!p) continue
    const byClaims = answers.get(p.relid)
    const variants = new Map<string, ChangeData>()
    for (const [key, deliveries] of p.groups) {
      const seen = byClaims?.get(key)
      if (!seen) continue
      if (p.index >= 0 && !seen.rows?.has(p.index)) continue
      const variant = seen.columns === true ? p.data : onlyColumns(p.data, seen.columns, variants)
      for (const d of deliveries) send(d.channel, d.ids, variant)
    }
  }
}

function prepare(
  item: Pending,
  info: TableInfo | undefined,
  perTable: Map<number, TableBatch>,
  log: Log,
): Prepared | undefined {
  const { change, commitTime, xid, listening } = item
  const rel = change.relation
  if (!info) return undefined

  const data = changeData(change, commitTime, info)
  const type = data.type

  // Filters before RLS: only subscribers whose bindings match cost a check.
  const filterOn = (type === 'DELETE' ? data.old_record : data.record) ?? {}
  const groups = new Map<string, Delivery[]>()
  for (const channel of listening) {
    const ids: number[] = []
    for (const b of channel.bindings) {
      if (!coversTable(b, rel.schema, rel.name)) continue
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

  let tuple: Record<string, string | null> | null = null
  if (info.rls && type !== 'DELETE') {
    const version = newTuple(change)
    if (!version || !pickText(version, info.pk)) {
      log(
        `postgres_changes: ${rel.schema}.${rel.name} has RLS but no primary key; change not delivered`,
      )
      return undefined
    }
    tuple = textTuple(version)
  }
  let table = perTable.get(rel.relationOid)
  if (!table) {
    table = { tuples: [], claims: new Map(), xids: new Set() }
    perTable.set(rel.relationOid, table)
  }
  for (const [key, [first]] of groups)
    table.claims.set(key, String(first.channel.claims.role ?? 'anon'))
  let index = -1
  if (tuple) {
    index = table.tuples.length
    table.tuples.push(tuple)
    table.xids.add(xid)
  }
  return { relid: rel.relationOid, data, groups, index }
}
