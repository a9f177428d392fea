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

  it('reads the keys held to a term', () => {
    expect(parseHeldKeys('text\n- agenda keys: nav.agenda, agenda.title\n- words: sen')).toEqual([
      { term: 'agenda', keys: ['nav.agenda', 'agenda.title'] },
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

    const markdown = readFileSync(join(GLOSSARY_DIR, `${lang}.md`), 'utf8')
    const held = parseHeldKeys(markdown)
    it.each(held.map((h) => [h.term, h] as const))(
      'names %s with the chosen word in the keys the glossary lists',
      (_, h) => {
        const entry = entries.find((e) => e.term === h.term)
        expect(entry, `"${h.term}" has a row`).toBeDefined()
        const texts = new Map(locale)
        for (const key of h.keys) {
          const text = texts.get(key)
          expect(text, `${key} exists`).toBeDefined()
          expect(
            entry!.use.some((word) => text!.includes(word)),
            `${key} ("${text}") uses ${entry!.use.join(' or ')}`,
          ).toBe(true)
        }
      },
    )

    it.each(entries.map((e) => [e.term, e] as const))('avoids the other words for %s', (_, e) => {
      for (const word of e.not) {
        const found = locale.filter(([, text]) => text.includes(word)).map(([key]) => key)
        expect(found, `"${word}" is not used`).toEqual([])
      }
    })
  })
})

/** Lines "- <term> keys: a.b, c.d": locale keys that must use the term's chosen word. */
export function parseHeldKeys(markdown: string): { term: string; keys: string[] }[] {
  return [...markdown.matchAll(/^- (.+?) keys: (.+)$/gm)].map((m) => ({
    term: m[1].trim(),
    keys: m[2].split(',').map((k) => k.trim()),
  }))
}

/** The "sen" forms docs/glossary/tr.md lists: `- words: …` and `- endings: …`. */
export function parseSenForms(markdown: string): { words: string[]; endings: string[] } {
  const list = (name: string) =>
    (new RegExp(`^- ${name}: (.+)$`, 'm').exec(markdown)?.[1] ?? '')
      .split(',')
      .map((w) => w.trim().toLocaleLowerCase('tr'))
      .filter(Boolean)
  return { words: list('words'), endings: list('endings') }
}

/** The "sen" forms found in a text: whole words, and words with a "sen" ending. */
export function senForms(text: string, forms: { words: string[]; endings: string[] }): string[] {
  const words = text
    .replace(/\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>/g, ' ')
    .toLocaleLowerCase('tr')
    .split(/[^\p{L}]+/u)
  return words.filter(
    (w) =>
      forms.words.includes(w) || forms.endings.some((e) => w.endsWith(e) && w.length > e.length),
  )
}

/** The Turkish branches of a Go template ({{ if eq .Data.locale "tr" }} … {{ else/end }}). */
export function turkishBranches(template: string): string[] {
  return [...template.matchAll(/locale "tr"\s*\}\}([\s\S]*?)\{\{-?\s*(?:else|end)/g)].map(
    (m) => m[1],
  )
}

describe('Turkish: one register, "siz"', () => {
  const forms = parseSenForms(readFileSync(join(GLOSSARY_DIR, 'tr.md'), 'utf8'))

  it('reads the "sen" forms from the glossary', () => {
    expect(forms.words).toEqual(expect.arrayContaining(['sen', 'senin', 'seni', 'sana']))
    expect(forms.endings).toEqual(expect.arrayContaining(['yorsun', 'irsin', 'acaksın']))
  })

  it('catches "sen" and lets "siz" pass', () => {
    expect(senForms('Bunu sen istemedin mi?', forms)).toEqual(['sen'])
    expect(senForms('Sana bir kod gönderdik.', forms)).toEqual(['sana'])
    expect(senForms('Yeni bir şifre seçmek istiyor musun?', forms)).toEqual(['musun'])
    expect(senForms('Adresini kullanmak istiyorsun.', forms)).toEqual(['istiyorsun'])
    expect(senForms('Sonra bir şifre seçersin.', forms)).toEqual(['seçersin'])
    expect(senForms('Fikrini yazabilirsin.', forms)).toEqual(['yazabilirsin'])
    expect(
      senForms('Bunu siz istemediniz mi? Şifre seçersiniz, yazabilirsiniz, emin misiniz?', forms),
    ).toEqual([])
    // Possessives of words that end in a vowel, the past tense and the participle.
    expect(
      senForms('Hoş geldin! Şifren, e-postan ve takip ettiğin fikir. Bunu yapamazsın.', forms),
    ).toEqual(['geldin', 'şifren', 'postan', 'ettiğin', 'yapamazsın'])
    expect(
      senForms(
        'Hoş geldiniz! Şifreniz, e-postanız ve takip ettiğiniz fikir. Bunu yapamazsınız. ' +
          'Mahallenin şifresi, bir fikrin adı, düğün.',
        forms,
      ),
    ).toEqual([])
    // A name and an interpolation are not Turkish words.
    expect(senForms('{sen} <b>Merhaba</b> {{ .Token }}', forms)).toEqual([])
  })

  it('tr.json has no "sen" form', () => {
    const tr = messages(
      JSON.parse(readFileSync(join(ROOT, 'src', 'i18n', 'locales', 'tr.json'), 'utf8')),
    )
    const found = tr.flatMap(([key, text]) => senForms(text, forms).map((w) => `${key}: ${w}`))
    expect(found).toEqual([])
  })

  it('the Turkish parts of the mail templates and subjects have no "sen" form', () => {
    const dir = join(ROOT, 'supabase', 'templates')
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.html'))
        .map((f) => join(dir, f)),
      join(ROOT, 'supabase', 'config.toml'),
    ]
    const found = files.flatMap((file) => {
      const branches = turkishBranches(readFileSync(file, 'utf8'))
      return branches.flatMap((b) => senForms(b, forms).map((w) => `${file}: ${w}`))
    })
    expect(found).toEqual([])
    // The check reads something: every template has its Turkish branch.
    expect(turkishBranches(readFileSync(join(dir, 'sign_in_code.html'), 'utf8'))).toHaveLength(1)
  })
})
