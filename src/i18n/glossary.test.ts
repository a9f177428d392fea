// The glossaries in docs/glossary/<lang>.md are the rule; this test holds the locale files to
// them, reading the tables themselves so that the docs and the check cannot drift apart.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const GLOSSARY_DIR = join(ROOT, 'docs', 'glossary')

interface Entry {
  term: string
  use: string[]
  not: string[]
}

/** The rows of the "term | use | not" table; a cell lists words separated by commas. */
export function parseGlossary(markdown: string): Entry[] {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim())
  const words = (cell: string) =>
    cell === '—' || cell === ''
      ? []
      : cell.split(',').map((w) => w.replace(/[`"]/g, '').trim().toLowerCase())
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map(cells)
    .filter(([term, use]) => term !== 'term' && !/^-+$/.test(term) && use !== undefined)
    .map(([term, use, not]) => ({ term, use: words(use), not: words(not ?? '') }))
}

type Messages = { [key: string]: string | Messages }
function messages(tree: Messages, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[prefix + key, value.replace(/\{[^}]*\}/g, ' ').toLowerCase()] as [string, string]]
      : messages(value, `${prefix}${key}.`),
  )
}

const languages = readdirSync(GLOSSARY_DIR)
  .filter((f) => /^[a-z]{2}\.md$/.test(f))
  .map((f) => f.slice(0, 2))

describe('glossaries', () => {
  it('exist for every language that needs care (nl, tr, ar, pl)', () => {
    expect(languages).toEqual(expect.arrayContaining(['nl', 'tr', 'ar', 'pl']))
  })

  it('reads the table rows, words separated by commas, and — for none', () => {
    expect(
      parseGlossary(
        '| term | use | not |\n|---|---|---|\n| buurt | osiedl | okolic, `Sam` |\n| x | — | y |',
      ),
    ).toEqual([
      { term: 'buurt', use: ['osiedl'], not: ['okolic', 'sam'] },
      { term: 'x', use: [], not: ['y'] },
    ])
  })

  describe.each(languages)('%s', (lang) => {
    const entries = parseGlossary(readFileSync(join(GLOSSARY_DIR, `${lang}.md`), 'utf8'))
    const locale = messages(
      JSON.parse(readFileSync(join(ROOT, 'src', 'i18n', 'locales', `${lang}.json`), 'utf8')),
    )

    it('has entries', () => expect(entries.length).toBeGreaterThan(2))

    it.each(entries.map((e) => [e.term, e] as const))('uses the chosen words for %s', (_, e) => {
      for (const word of e.use) {
        expect(
          locale.some(([, text]) => text.includes(word)),
          `"${word}" is used`,
        ).toBe(true)
      }
    })

    it.each(entries.map((e) => [e.term, e] as const))('avoids the other words for %s', (_, e) => {
      for (const word of e.not) {
        const found = locale.filter(([, text]) => text.includes(word)).map(([key]) => key)
        expect(found, `"${word}" is not used`).toEqual([])
      }
    })
  })
})
