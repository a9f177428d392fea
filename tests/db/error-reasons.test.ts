// The app shows `t('errors.' + reasonFor(error))` for every failed request (src/api/errors.ts).
// These are real refusals from the local stack, through PostgREST with real JWTs, and the reason
// each must come out as: never 'unknown' for a refusal the app can run into.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../supabase/local/migrate.ts'
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { DATABASE_KEYS, databaseKey, errorKey, reasonFor } from '@/api/errors'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, clientAs, createUser, ideaInput } from '../support/users.ts'

test('maps the database refusals the app meets to plain reasons', async () => {
  const [resident, moderator, admin] = await Promise.all([
    createUser(),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
  ])
  const adminWithoutCode = await clientAs(admin.id, { aal: 'aal1' })
  const idea = await arrangeIdea(null)
  const missing = randomUUID()

  const cases: [string, PromiseLike<{ error: unknown }>, string][] = [
    [
      'the team hides an idea that does not exist (P0002)',
      moderator.client.rpc('hide_idea', { idea_id: missing, reason: 'Dit is een test.' }),
      'notFound',
    ],
    [
      'a vote on an idea that does not exist (23503)',
      resident.client.from('votes').insert({ idea_id: missing }),
      'notFound',
    ],
    ['a visitor votes (42501)', anonClient().from('votes').insert({ idea_id: idea }), 'notAllowed'],
    [
      'a comment that is empty (23514)',
      resident.client.from('comments').insert({ idea_id: idea, body: ' ' }),
      'bodyTooShort',
    ],
    [
      'a resident uses a team function (42501)',
      resident.client.rpc('hide_idea', { idea_id: idea, reason: 'Dit is een test.' }),
      'notAllowed',
    ],
    [
      'an admin signed in without the code from their app (second_factor_required)',
      adminWithoutCode.rpc('set_role', { profile_id: resident.id, role: 'moderator' }),
      'secondFactorRequired',
    ],
  ]
  expect((await resident.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
  cases.push([
    'a second vote on the same idea (23505)',
    resident.client.from('votes').insert({ idea_id: idea }),
    'duplicate',
  ])
  cases.push([
    'a title of one letter (check constraint ideas_title_length)',
    resident.client.rpc('submit_idea', { id: randomUUID(), ...ideaInput({ title: 'x' }) }),
    'titleTooShort',
  ])

  for (const [what, request, reason] of cases) {
    const { error } = await request
    expect(error, what).not.toBeNull()
    expect(reasonFor(error), what).toBe(reason)
  }
})

/**
 * Every key the running database can send, read from its catalog: the messages and hints in the
 * source of every function in public and private, the names of every check constraint on their
 * tables, and a `rate_limited: <kind>` for every kind in private.limits, and the not-null constraint of
 * every text a trigger trims to null.
 */
async function keysInDatabase(): Promise<string[]> {
  const sources = await sql<{ src: string }>(
    `select p.prosrc as src from pg_catalog.pg_proc p
       join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and p.prolang =
            (select oid from pg_catalog.pg_language where lanname = 'plpgsql')`,
  )
  const constraints = await sql<{ name: string }>(
    `select c.conname as name from pg_catalog.pg_constraint c
       join pg_catalog.pg_namespace n on n.oid = c.connamespace
      where n.nspname in ('public', 'private') and c.contype = 'c'`,
  )
  const limits = await sql<{ action: string }>(`select action from private.limits`)
  // Not-null text columns a trigger trims to null when blank: `<table>_<column>_not_null`.
  const trimmed = await sql<{ name: string }>(
    `select distinct c.relname || '_' || a.attname || '_not_null' as name
       from pg_catalog.pg_trigger t
       join pg_catalog.pg_class c on c.oid = t.tgrelid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       join pg_catalog.pg_proc p on p.oid = t.tgfoid
       join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnotnull and not a.attisdropped
      where n.nspname = 'public'
        and p.prosrc ~ ('new\\.' || a.attname || '\\s*:=\\s*private\\.clean_text\\(')`,
  )
  const keys = new Set<string>()
  for (const { src } of sources) {
    const code = src.replace(/--.*$/gm, '')
    for (const m of code.matchAll(
      /\braise exception\b[^;]*?\bmessage\s*=\s*'([a-z_]+)(?::\s*)?'/gi,
    )) {
      keys.add(m[1])
    }
    for (const m of code.matchAll(/\bhint\s*=\s*'([a-z_]+)'/gi)) keys.add(m[1])
    for (const m of code.matchAll(/\bconstraint\s*=\s*'([a-z0-9_]+)'/gi)) keys.add(m[1])
  }
  for (const { name } of [...constraints, ...trimmed]) keys.add(name)
  for (const { action } of limits) keys.add(`rate_limited: ${action}`)
  // The Edge Functions the app calls answer with keys of their own (refuse(status, 'key')).
  for (const file of functionSources()) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\brefuse\(\d+, '([a-z_]+)'\)/g)) {
      keys.add(m[1])
    }
  }
  return [...keys].sort()
}

/** The index.ts of every Edge Function in supabase/functions. */
function functionSources(): string[] {
  const dir = join(repoRoot, 'supabase', 'functions')
  return readdirSync(dir)
    .filter((name) => !name.startsWith('_'))
    .map((name) => join(dir, name, 'index.ts'))
    .filter((file) => existsSync(file))
}

test('the one error map covers every key the running database can send, and no other', async () => {
  const keys = await keysInDatabase()
  // The catalog read itself works: keys of each kind are there.
  expect(keys).toEqual(
    expect.arrayContaining([
      'idea_edit_window_closed',
      'idea_not_votable',
      'profiles_display_name_check',
      'rate_limited: votes',
    ]),
  )
  expect(keys.filter((key) => !Object.hasOwn(DATABASE_KEYS, key))).toEqual([])
  // A constraint a later migration dropped: the migrations still name it (src/api/errors.test.ts).
  const retired = [
    'ideas_location_in_eindhoven',
    // Bounds from area_settings now (agenda_bounds_live_and_coalition_initiatives.sql).
    'events_capacity_range',
    'events_visit_small_group',
  ]
  expect(
    Object.keys(DATABASE_KEYS).filter((key) => !keys.includes(key) && !retired.includes(key)),
  ).toEqual([])
})

test('reads the key of a real refusal of each kind: message, constraint, hint', async () => {
  const [resident, moderator] = await Promise.all([createUser(), createUser({ role: 'moderator' })])
  const idea = await arrangeIdea(null)
  const merged = await arrangeIdea(null)
  await sql(`update public.ideas set status = 'merged', merged_into_id = $1 where id = $2`, [
    idea,
    merged,
  ])

  const raised = await moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'x' })
  expect(databaseKey(raised.error)).toBe('hide_reason_too_short')
  expect(errorKey(raised.error)).toBe('moderation.errors.reasonTooShort')

  const constraint = await resident.client.from('comments').insert({ idea_id: idea, body: ' ' })
  // A blank text becomes null (private.clean_text), so the not-null constraint refuses it.
  expect(databaseKey(constraint.error)).toBe('comments_body_not_null')
  const long = await resident.client
    .from('comments')
    .insert({ idea_id: idea, body: 'x'.repeat(2001) })
  expect(databaseKey(long.error)).toBe('comments_body_length')

  const hinted = await resident.client.from('votes').insert({ idea_id: merged })
  expect(hinted.error?.message).toMatch(/^idea_not_votable: /)
  expect(databaseKey(hinted.error)).toBe('idea_not_votable')
  expect(errorKey(hinted.error)).toBe('errors.notAllowed')
})
