import { describe, expect, it } from 'vitest'
import { safeNext } from './safeNext'

describe('safeNext', () => {
  it.each(['/idee/4a1b', '/nieuw', '/mijn?tab=ideas', '/idee/4a1b#comments-title', '/'])(
    'keeps the app path %s',
    (path) => {
      expect(safeNext(path)).toBe(path)
    },
  )

  it.each([
    ['an absolute URL', 'https://evil.example/idee/1'],
    ['an absolute URL without slashes', 'https:evil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['a protocol-relative URL with more slashes', '///evil.example'],
    ['a backslash the browser reads as a slash', '/\\evil.example'],
    ['a backslash first', '\\\\evil.example'],
    ['a backslash later in the path', '/idee/\\evil'],
    ['a tab the browser drops', '/\t/evil.example'],
    ['a newline the browser drops', '/\n/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'idee/1'],
    ['an empty value', ''],
    ['the sign-in page itself (a loop)', '/inloggen?next=/mijn'],
    ['a very long value', `/${'a'.repeat(2000)}`],
  ])('refuses %s', (_what, value) => {
    expect(safeNext(value)).toBeNull()
  })

  it('refuses what is not a single string (a repeated ?next= gives an array)', () => {
    expect(safeNext(['/idee/1', '//evil.example'])).toBeNull()
    expect(safeNext(undefined)).toBeNull()
    expect(safeNext(null)).toBeNull()
  })
})
