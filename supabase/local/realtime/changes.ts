// From a WAL row change to `postgres_changes` messages: shape the record as Supabase does,
// match it against every subscriber's bindings and filters, check RLS once per distinct set of
// claims, and deliver in commit order.
import type { Pgoutput } from 'pg-logical-replication'
import type { Log } from '../types.ts'
import type { Authorizer, TableInfo, Visibility } from './authorize.ts'
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

export class ChangeDispatcher {
  private tables = new Map<number, Promise<TableInfo | undefined>>()
  private tail: Promise<void> = Promise.resolve()

  constructor(
    private readonly authorizer: Authorizer,
    private readonly subscribers: () => Iterable<Channel>,
    private readonly send: (ch: Channel, ids: number[], data: ChangeData) => void,
    private readonly log: Log,
  ) {}

  onRelation(rel: Pgoutput.MessageRelation) {
    this.tables.delete(rel.relationOid)
  }

  /** Called in commit order; work starts at once, delivery keeps that order. */
  onChange(change: RowChange, commitTime: Date) {
    const work = this.prepare(change, commitTime).catch((e: Error) => {
      this.log(`postgres_changes: ${change.relation.schema}.${change.relation.name}: ${e.message}`)
      return undefined
    })
    this.tail = this.tail
      .then(() => work)
      .then((out) => {
        for (const { channel, ids, data } of out ?? []) this.send(channel, ids, data!)
      })
      .catch((e: Error) => this.log(`postgres_changes delivery: ${e.message}`))
  }

  /** Resolves when everything captured so far has been delivered. */
  drained(): Promise<void> {
    return this.tail
  }

  reset() {
    this.tables.clear()
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

  private async prepare(change: RowChange, commitTime: Date) {
    const rel = change.relation
    // Cheap first: is anybody listening to this table at all?
    const listening = [...this.subscribers()].filter((ch) =>
      ch.bindings.some(
        (b) => b.schema === rel.schema && (b.table === undefined || b.table === rel.name),
      ),
    )
    if (listening.length === 0) return undefined
    const info = await this.info(rel.relationOid)
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
      const group = groups.get(channel.claimsKey) ?? []
      group.push({ channel, ids })
      groups.set(channel.claimsKey, group)
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
    const claims = [...groups.keys()]
    const allowed = await this.authorizer.visibleTo(rel.relationOid, pk, claims)
    const deliveries: Delivery[] = []
    const variants = new Map<string, ChangeData>()
    claims.forEach((key, i) => {
      const seen = allowed[i]
      if (!seen) return
      const variant = seen === true ? data : onlyColumns(data, seen, variants)
      for (const d of groups.get(key)!) deliveries.push({ ...d, data: variant })
    })
    return deliveries
  }
}
