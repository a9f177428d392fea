// The one map from database keys to texts (DATABASE_KEYS) against the migrations: every key a
// migration can send must be mapped, and every mapped text must exist in every language.
// tests/db/error-reasons.test.ts does the same against the running database.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError, DATABASE_KEYS, databaseKey, errorKey, reasonFor } from './errors'
import nl from '@/i18n/locales/nl.json'
import en from '@/i18n/locales/en.json'
import tr from '@/i18n/locales/tr.json'
import ar from '@/i18n/locales/ar.json'
import pl from '@/i18n/locales/pl.json'

const migrationsDir = join(__dirname, '../../supabase/migrations')
const migrations = readdirSync(migrationsDir)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => readFileSync(join(migrationsDir, f), 'utf8'))
  // Comments talk about keys (`rate_limited: <kind>`) without sending them.
  .map((sql) => sql.replace(/--.*$/gm, ''))
  .join('\n')

function all(pattern: RegExp): string[] {
  return [...migrations.matchAll(pattern)].map((m) => m[1])
}

/** What the migrations send: raised messages, hints, named check constraints, limit kinds. */
function keysInMigrations(): string[] {
  const raised = all(/\braise exception\b[^;]*?\bmessage\s*=\s*'([a-z_]+)(?::\s*)?'/gi)
  const hints = all(/\bhint\s*=\s*'([a-z_]+)'/gi)
  const constraints = [
    ...all(/\bconstraint\s+([a-z0-9_]+)\s+check\b/gi),
    ...all(/\bconstraint\s*=\s*'([a-z0-9_]+)'/gi),
  ]
  const limits = [
    ...migrations.matchAll(/insert into private\.limits[^;]*?values([^;]*)/gi),
  ].flatMap((m) => [...m[1].matchAll(/\(\s*'([a-z_]+)'/g)].map((k) => `rate_limited: ${k[1]}`))
  return [...new Set([...raised, ...hints, ...constraints, ...limits])].sort()
}

type Tree = { [key: string]: string | Tree }
function lookup(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree
  for (const part of path.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined
  }
  return typeof node === 'string' ? node : undefined
}

describe('DATABASE_KEYS', () => {
  const found = keysInMigrations()

  it('finds the keys the migrations send (the grep itself works)', () => {
    for (const key of [
      'idea_edit_window_closed',
      'idea_not_votable',
      'rate_limited',
      'rate_limited: coalition_joins',
      'ideas_title_length',
      'coalition_partner_majority',
    ]) {
      expect(found).toContain(key)
    }
  })

  it('maps every key a migration can send', () => {
    expect(found.filter((key) => !Object.hasOwn(DATABASE_KEYS, key))).toEqual([])
  })

  it.each(Object.entries({ nl, en, tr, ar, pl }))('has every text in %s', (_, locale) => {
    const missing = Object.entries(DATABASE_KEYS).filter(
      ([, text]) => !lookup(locale as Tree, text)?.trim(),
    )
    expect(missing).toEqual([])
  })
})

describe('reading an error', () => {
  const postgrest = (message: string, extra: Record<string, string> = {}) => ({
    code: 'P0001',
    details: null,
    hint: null,
    message,
    ...extra,
  })

  it('reads the raised message, the violated constraint and the hint', () => {
    expect(databaseKey(postgrest('idea_edit_window_closed'))).toBe('idea_edit_window_closed')
    expect(
      databaseKey({
        code: '23514',
        message: 'new row for relation "ideas" violates check constraint "ideas_title_length"',
      }),
    ).toBe('ideas_title_length')
    expect(databaseKey(postgrest('idea_not_votable: merged', { hint: 'idea_not_votable' }))).toBe(
      'idea_not_votable',
    )
    expect(databaseKey(postgrest('rate_limited: votes', { hint: 'rate_limited' }))).toBe(
      'rate_limited: votes',
    )
    expect(databaseKey(postgrest('rate_limited: later', { hint: 'rate_limited' }))).toBe(
      'rate_limited',
    )
    expect(databaseKey(postgrest('something else'))).toBeNull()
  })

  it('reads the database key through the ApiError the API modules throw', () => {
    const error = new ApiError('unknown', 'P0001', postgrest('merge_same_idea'))
    expect(errorKey(error)).toBe('moderation.errors.mergeSame')
    expect(errorKey(new ApiError('notFound'))).toBe('errors.notFound')
  })

  it("gives the team's wording on team screens and a general reason to the rest", () => {
    const majority = postgrest('coalition_partner_majority')
    expect(errorKey(majority)).toBe('moderation.errors.partnerMajority')
    // No general reason of its own: the code decides.
    expect(reasonFor(majority)).toBe('unknown')
    expect(reasonFor(postgrest('comment_edit_window_closed'))).toBe('commentEditWindowClosed')
    expect(reasonFor({ code: 'P0002', message: 'report_not_found' })).toBe('notFound')
    expect(reasonFor({ code: '42501', message: 'new row violates row-level security' })).toBe(
      'notAllowed',
    )
  })
})
