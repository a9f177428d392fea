// The postgres_changes filter language as realtime-js writes it, limited to the operators Supabase
// documents, evaluated like Postgres would.
import { describe, expect, it } from 'vitest'
import {
  FilterError,
  matches,
  MAX_FILTER_LENGTH,
  MAX_IN_VALUES,
  MAX_VALUE_LENGTH,
  parseFilter,
} from '../../supabase/local/realtime/filters.ts'

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

  it('handles in-lists and quoted values', () => {
    expect(ok('id=in.(1,7,9)')).toBe(true)
    expect(ok('id=in.(1,9)')).toBe(false)
    expect(ok('title=eq."Bankje, bij de (speel)tuin"')).toBe(true)
    expect(ok('title=in.("Bankje, bij de (speel)tuin",other)')).toBe(true)
    expect(ok('owner=eq.AB12CD34-0000-4000-8000-000000000001')).toBe(true)
    expect(ok('done=eq.true')).toBe(false)
    expect(ok('done=eq.false')).toBe(true)
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

  it('rejects what it cannot parse, and every operator Supabase does not document', () => {
    for (const bad of [
      'id',
      'id=7',
      'id=between.1',
      'id=in.1,2',
      'title=eq."open',
      'title=like.Bankje*',
      'title=ilike.bankje%',
      'title=match.^(.|.)*!$',
      'title=imatch.a',
      'done=is.false',
      'title=isdistinct.a',
      'id=not.eq.7',
      'id=eq.1,,id=eq.2',
    ]) {
      expect(() => parseFilter(bad), bad).toThrow(FilterError)
    }
  })

  it('names the parts of an unknown operator as Supabase does', () => {
    expect(() => parseFilter('title=match.^a+$')).toThrow('["match", "^a+$"]')
  })

  it('bounds the length of a filter, its values and its in-lists', () => {
    expect(() => parseFilter(`title=eq.${'x'.repeat(MAX_VALUE_LENGTH + 1)}`)).toThrow(FilterError)
    expect(() => parseFilter(`title=eq.${'x'.repeat(MAX_VALUE_LENGTH)}`)).not.toThrow()
    const list = (n: number) => `id=in.(${Array.from({ length: n }, (_, i) => i).join(',')})`
    expect(() => parseFilter(list(MAX_IN_VALUES + 1))).toThrow(FilterError)
    expect(() => parseFilter(list(MAX_IN_VALUES))).not.toThrow()
    expect(() => parseFilter(`id=eq.1,${'x'.repeat(MAX_FILTER_LENGTH)}`)).toThrow(FilterError)
  })
})
