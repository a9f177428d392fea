import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('starts with a byte order mark, separates with semicolons for Dutch Excel, ends rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa;b\r\n1;x\r\n')
  })

  it('separates with commas when asked', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']], ',')).toBe('\uFEFFa,b\r\n1,x\r\n')
  })

  it('quotes cells with commas, semicolons, quotes, line breaks or outer spaces', () => {
    const csv = toCsv(['t'], [['a,b'], ['a;b'], ['say "hi"'], ['two\nlines'], [' pad ']])
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      '"a,b"',
      '"a;b"',
      '"say ""hi"""',
      '"two\nlines"',
      '" pad "',
    ])
  })

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    const csv = toCsv(['t'], [['=SUM(A1)'], ['+31'], ['-x'], ['@cmd'], [-3], [null]])
    expect(csv.split('\r\n').slice(1, -1)).toEqual(["'=SUM(A1)", "'+31", "'-x", "'@cmd", '-3', ''])
  })

  it('keeps Arabic and accents as they are', () => {
    expect(toCsv(['t'], [['مرحبا'], ['café']])).toContain('مرحبا\r\ncafé')
  })
})
