// postgres_changes filters as realtime-js writes them: `col=op.value`, several joined by top-level
// commas (AND). Values holding `, ( ) " \` are double-quoted. Only the operators Supabase documents
// (eq, neq, lt, lte, gt, gte, in): a filter is data compared with a value, never a pattern run
// on every change, since this server shares its one process with the gateway and Auth.
// Evaluated against the change's record with Postgres-like semantics: a null never matches.

export type Op = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in'

const OPS = new Set<Op>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'])

/** Bounds on what one subscriber may ask the server to compare on every change. */
export const MAX_FILTER_LENGTH = 4096
export const MAX_VALUE_LENGTH = 256
export const MAX_IN_VALUES = 100
export const MAX_CONDITIONS = 8

export interface Condition {
  column: string
  op: Op
  /** One value, or several for `in`. */
  values: string[]
}

export class FilterError extends Error {}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let current = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '\\' && i + 1 < text.length) {
        current += ch + text[++i]
        continue
      }
      if (ch === '"') quoted = false
      current += ch
      continue
    }
    if (ch === '"') quoted = true
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    if (ch === sep && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  if (quoted || depth !== 0) throw new FilterError('unbalanced quotes or parentheses')
  parts.push(current)
  return parts
}

function unquote(value: string): string {
  const v = value.trim()
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  return v
}

/** Supabase's error text for parts it cannot use: the parts, as Elixir's inspect prints them. */
const parts = (...p: string[]) => `[${p.map((x) => JSON.stringify(x)).join(', ')}]`

export function parseFilter(filter: string): Condition[] {
  if (filter.length > MAX_FILTER_LENGTH)
    throw new FilterError(`filter is longer than ${MAX_FILTER_LENGTH} characters`)
  const clauses = splitTopLevel(filter.trim(), ',')
  if (clauses.length > MAX_CONDITIONS)
    throw new FilterError(`filter has more than ${MAX_CONDITIONS} conditions`)
  const conditions: Condition[] = []
  for (const raw of clauses) {
    const clause = raw.trim()
    if (clause === '')
      throw new FilterError('filter must not contain empty segments (check for extra commas)')
    const eq = clause.indexOf('=')
    if (eq <= 0) throw new FilterError(parts(clause))
    const column = clause.slice(0, eq)
    const rest = clause.slice(eq + 1)
    const dot = rest.indexOf('.')
    if (dot < 0) throw new FilterError(parts(column, rest))
    const opText = rest.slice(0, dot)
    const rawValue = rest.slice(dot + 1)
    if (!OPS.has(opText as Op)) throw new FilterError(parts(opText, rawValue))
    const op = opText as Op
    let values: string[]
    if (op === 'in') {
      const list = /^\((.*)\)$/s.exec(rawValue.trim())
      if (!list) throw new FilterError('`in` filter value must be wrapped by parentheses')
      values = list[1].trim() === '' ? [] : splitTopLevel(list[1], ',').map(unquote)
      if (values.length > MAX_IN_VALUES)
        throw new FilterError(`\`in\` filter takes at most ${MAX_IN_VALUES} values`)
    } else {
      values = [unquote(rawValue)]
    }
    if (values.some((v) => v.length > MAX_VALUE_LENGTH))
      throw new FilterError(`filter values are at most ${MAX_VALUE_LENGTH} characters`)
    conditions.push({ column, op, values })
  }
  return conditions
}

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money'])

/** Compare a record value with a filter literal as Postgres would after casting the literal. */
function compare(value: unknown, literal: string, type: string | undefined): number {
  if (type && NUMERIC.has(type)) {
    const a = Number(value)
    const b = Number(literal)
    if (Number.isNaN(b)) throw new FilterError(`\`${literal}\` is not a number`)
    return a < b ? -1 : a > b ? 1 : 0
  }
  if (type === 'bool') {
    const a = value === true || value === 't' || value === 'true'
    const b = ['t', 'true', 'yes', 'on', '1'].includes(literal.toLowerCase())
    return a === b ? 0 : a ? 1 : -1
  }
  const a = typeof value === 'string' ? value : JSON.stringify(value)
  const b = type === 'uuid' ? literal.toLowerCase() : literal
  return a < b ? -1 : a > b ? 1 : 0
}

function test(c: Condition, value: unknown, type: string | undefined): boolean | null {
  if (value === null || value === undefined) return null
  const literal = c.values[0] ?? ''
  switch (c.op) {
    case 'eq':
      return compare(value, literal, type) === 0
    case 'neq':
      return compare(value, literal, type) !== 0
    case 'lt':
      return compare(value, literal, type) < 0
    case 'lte':
      return compare(value, literal, type) <= 0
    case 'gt':
      return compare(value, literal, type) > 0
    case 'gte':
      return compare(value, literal, type) >= 0
    case 'in':
      return c.values.some((v) => compare(value, v, type) === 0)
  }
}

/**
 * True when the record passes every condition. A column the record does not carry (a DELETE
 * without replica identity full only has the primary key) does not block, as in Supabase.
 */
export function matches(
  conditions: Condition[],
  record: Record<string, unknown>,
  types: Map<string, string>,
): boolean {
  for (const c of conditions) {
    if (!(c.column in record)) continue
    let result: boolean | null
    try {
      result = test(c, record[c.column], types.get(c.column))
    } catch {
      result = null
    }
    if (result !== true) return false
  }
  return true
}
