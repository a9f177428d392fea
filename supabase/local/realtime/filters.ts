// postgres_changes filters as realtime-js sends them: `col=op.value`, optionally `col=not.op.value`,
// several joined by top-level commas (AND). Values holding `, ( ) " \` are double-quoted.
// Evaluated against the change's record with Postgres-like semantics: a null never matches.

export type Op =
  | 'eq'
  | 'neq'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'in'
  | 'like'
  | 'ilike'
  | 'is'
  | 'match'
  | 'imatch'
  | 'isdistinct'

const OPS = new Set<Op>([
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
])

export interface Condition {
  column: string
  op: Op
  negate: boolean
  /** One value, or several for `in`; `null` for `is.null`. */
  values: (string | null)[]
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

export function parseFilter(filter: string): Condition[] {
  const conditions: Condition[] = []
  for (const clause of splitTopLevel(filter, ',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(not\.)?([a-z]+)\.(.*)$/s.exec(clause)
    if (!m) throw new FilterError(`\`${clause}\` is not of the form column=operator.value`)
    const [, column, not, opText, rawValue] = m
    if (!OPS.has(opText as Op)) throw new FilterError(`unknown operator \`${opText}\``)
    const op = opText as Op
    let values: (string | null)[]
    if (op === 'in') {
      const list = /^\((.*)\)$/s.exec(rawValue.trim())
      if (!list) throw new FilterError('`in` needs a list like in.(1,2,3)')
      values = list[1].trim() === '' ? [] : splitTopLevel(list[1], ',').map(unquote)
    } else if (op === 'is') {
      const v = rawValue.trim().toLowerCase()
      if (!['null', 'true', 'false', 'unknown'].includes(v))
        throw new FilterError('`is` takes null, true, false or unknown')
      values = [v === 'null' || v === 'unknown' ? null : v]
    } else {
      values = [unquote(rawValue)]
    }
    conditions.push({ column, op, negate: Boolean(not), values })
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

function likeToRegExp(pattern: string, flags: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\' && i + 1 < pattern.length)
      out += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    else if (ch === '%' || ch === '*') out += '.*'
    else if (ch === '_') out += '.'
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`, `s${flags}`)
}

function test(c: Condition, value: unknown, type: string | undefined): boolean | null {
  if (c.op === 'is') {
    const target = c.values[0]
    if (target === null) return value === null
    if (value === null) return false
    return compare(value, target, 'bool') === 0
  }
  if (c.op === 'isdistinct') {
    if (value === null) return true
    return compare(value, c.values[0] ?? '', type) !== 0
  }
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
      return c.values.some((v) => v !== null && compare(value, v, type) === 0)
    case 'like':
      return likeToRegExp(literal, '').test(String(value))
    case 'ilike':
      return likeToRegExp(literal, 'i').test(String(value))
    case 'match':
      return new RegExp(literal).test(String(value))
    case 'imatch':
      return new RegExp(literal, 'i').test(String(value))
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
    if (result === null) return false
    if (c.negate ? result : !result) return false
  }
  return true
}
