// The `data` of a postgres_changes message, shaped from a pgoutput row change as Supabase does
// (its wal2json output): values as JSON, the record and old_record a change carries, and the
// narrower copy that a role with column grants gets.
import type { Pgoutput } from 'pg-logical-replication'
import type { TableInfo } from './authorize.ts'
import type { RowChange } from './capture.ts'

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

/**
 * The new version of a row as the WAL gives it, with each unchanged TOAST value (absent from the
 * new tuple) taken from the old one where the change carries it, as Supabase does.
 */
export function newTuple(change: RowChange): Record<string, unknown> | null {
  if (change.tag === 'delete' || !change.new) return null
  const old = change.tag === 'update' ? change.old : null
  if (!old) return change.new
  const out = { ...change.new }
  for (const [k, v] of Object.entries(old)) if (out[k] === undefined) out[k] = v
  return out
}

/** A tuple's values as Postgres prints them (null for SQL null), for the RLS check. */
export function textTuple(tuple: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(tuple)) {
    if (v === null) out[k] = null
    else if (typeof v === 'string') out[k] = v
  }
  return out
}

/** The text values of `columns` (a primary key) in a tuple; null when one is missing. */
export function pickText(
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

/** The message data of a row change, as every role with full access to the table sees it. */
export function changeData(change: RowChange, commitTime: Date, info: TableInfo): ChangeData {
  const rel = change.relation
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
  if (change.tag !== 'delete') data.record = shape(newTuple(change), rel, info)
  if (change.tag === 'update') {
    // Under RLS only the old version's primary key, as Supabase documents: the check is about
    // the new version, and the old one may hold what a subscriber may not see (why an idea was
    // hidden, and by whom).
    data.old_record =
      change.old && !info.rls
        ? shape(change.old, rel, info)
        : shape(oldTuple ?? change.new, rel, info, info.pk)
  }
  if (change.tag === 'delete') {
    // A deleted row cannot be checked against RLS: only its primary key goes out.
    data.old_record =
      info.rls || !change.old ? shape(oldTuple, rel, info, info.pk) : shape(change.old, rel, info)
  }
  return data
}

/** The change as a role with column grants sees it: only the columns it may select. */
export function onlyColumns(
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
