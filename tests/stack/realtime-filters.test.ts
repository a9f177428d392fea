// The postgres_changes filter language as realtime-js writes it, evaluated like Postgres would.
import { describe, expect, it } from 'vitest'
import { FilterError, matches, parseFilter } from '../../supabase/local/realtime/filters.ts'

const types = new Map([
  ['id', 'int4'],
  ['title', 'text'],
  ['done', 'bool'],
  ['owner', 'uuid'],
  ['score', 'numeric'],
])
const row = {
  id: 7,
  title: 'Bankje, bij de (speel)tuin',
  done: false,
  owner: 'ab12cd34-0000-4000-8000-000000000001',
  score: 2.5,
}
const ok = (filter: string, record: Record<string, unknown> = row) =>
  matches(parseFilter(filter), record, types)

describe('postgres_changes filters', () => {
  it('compares numbers as numbers, not as text', () => {
    expect(ok('id=eq.7')).toBe(true)
    expect(ok('id=eq.07')).toBe(true)
    expect(ok('id=eq.8')).toBe(false)
    expect(ok('id=gt.10')).toBe(false) // as text '7' > '10'
    expect(ok('id=lt.10')).toBe(true)
    expect(ok('id=gte.7')).toBe(true)
    expect(ok('id=lte.6')).toBe(false)
    expect(ok('score=gt.2.25')).toBe(true)
    expect(ok('id=neq.7')).toBe(false)
  })

  it('handles in-lists, quoted values and negation', () => {
    expect(ok('id=in.(1,7,9)')).toBe(true)
    expect(ok('id=in.(1,9)')).toBe(false)
    expect(ok('title=eq."Bankje, bij de (speel)tuin"')).toBe(true)
    expect(ok('title=in.("Bankje, bij de (speel)tuin",other)')).toBe(true)
    expect(ok('id=not.eq.7')).toBe(false)
    expect(ok('id=not.in.(1,2)')).toBe(true)
  })

  it('supports like, ilike, is, booleans and uuids', () => {
    expect(ok('title=like.Bankje*')).toBe(true)
    expect(ok('title=like.bankje%')).toBe(false)
    expect(ok('title=ilike.bankje%')).toBe(true)
    expect(ok('done=is.false')).toBe(true)
    expect(ok('done=eq.true')).toBe(false)
    expect(ok('owner=eq.AB12CD34-0000-4000-8000-000000000001')).toBe(true)
    expect(ok('title=is.null', { ...row, title: null })).toBe(true)
  })

  it('never matches a null with eq, and ANDs comma-separated conditions', () => {
    expect(ok('title=eq.x', { ...row, title: null })).toBe(false)
    expect(ok('title=neq.x', { ...row, title: null })).toBe(false)
    expect(ok('id=eq.7,done=eq.false')).toBe(true)
    expect(ok('id=eq.7,done=eq.true')).toBe(false)
  })

  it('lets a DELETE with only the primary key through filters on other columns', () => {
    expect(ok('title=eq.x', { id: 7 })).toBe(true)
    expect(ok('id=eq.8', { id: 7 })).toBe(false)
  })

  it('rejects what it cannot parse', () => {
    for (const bad of [
      'id',
      'id=7',
      'id=between.1',
      'id=in.1,2',
      'title=eq."open',
      'done=is.maybe',
    ]) {
      expect(() => parseFilter(bad), bad).toThrow(FilterError)
    }
  })
})
