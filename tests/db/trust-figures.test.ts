// public_trust_figures(): the team's trust figures for everyone ("Betrouwbaar zijn!"). Only
// aggregates over ideas anyone may see, for the last 12 months; the same numbers as the team's
// dashboard, which now shares its computation (private.dashboard_figures).
import pg from 'pg'
import { expect, test } from 'vitest'
import { anonClient, stackInfo } from '../support/clients.ts'
import { arrangeIdea, createUser } from '../support/users.ts'

const PUBLIC_KEYS = [
  'answered',
  'answered_within_14_days',
  'due_within_14_days',
  'follow_up_days',
  'funnel',
  'median_days_to_answer',
  'period_end',
  'period_start',
  'share_within_14_days',
  'stalled',
  'total',
]

/** Runs statements in one repeatable-read transaction, so they all see the same data. */
async function snapshot<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stackInfo().dbUrl })
  await db.connect()
  try {
    await db.query('begin isolation level repeatable read')
    const result = await fn(db)
    await db.query('commit')
    return result
  } finally {
    await db.end()
  }
}

test('anyone reads them: aggregates only, no buurten, themes or people', async () => {
  const { data, error } = await anonClient().rpc('public_trust_figures')
  expect(error).toBeNull()
  expect(Object.keys(data as object).sort()).toEqual(PUBLIC_KEYS)
  const f = data as { total: number; answered: number; share_within_14_days: number | null }
  expect(f.total).toBeGreaterThan(0)
  expect(f.answered).toBeLessThanOrEqual(f.total)
  if (f.share_within_14_days !== null) {
    expect(f.share_within_14_days).toBeGreaterThanOrEqual(0)
    expect(f.share_within_14_days).toBeLessThanOrEqual(1)
  }
})

test('they count the visible ideas of the last 12 months, like the team dashboard', async () => {
  // A hidden idea, a withdrawn one and one older than a year must not count.
  await arrangeIdea(null, { hidden_at: new Date().toISOString(), hidden_reason: 'Test' })
  await arrangeIdea(null, { withdrawn_at: new Date().toISOString() })
  await arrangeIdea(null, { created_at: new Date(Date.now() - 400 * 86400_000).toISOString() })
  const [figures, count, team] = await snapshot(async (db) => {
    await db.query(`set local role anon`)
    const f = (await db.query(`select public.public_trust_figures() f`)).rows[0].f
    await db.query(`reset role`)
    const c = (
      await db.query(
        `select count(*)::int n from public.ideas
          where hidden_at is null and withdrawn_at is null
            and created_at >= (current_date - interval '12 months')::date
            and created_at < current_date + 1`,
      )
    ).rows[0].n
    const d = (
      await db.query(
        `select private.dashboard_figures((current_date - interval '12 months')::date, current_date) d`,
      )
    ).rows[0].d
    return [f, c, d]
  })
  expect(figures.total).toBe(count)
  // The follow-up figures (stalled, follow_up_days) are not per period; tests/db/follow-up.test.ts.
  for (const key of PUBLIC_KEYS.filter((k) => k in team)) {
    expect(figures[key], key).toEqual(team[key])
  }
})

test('denied: the full dashboard stays with the team, and its private helper with nobody', async () => {
  const resident = await createUser()
  const { error } = await resident.client.rpc('moderation_dashboard', {
    period_start: '2026-01-01',
    period_end: '2026-12-31',
  })
  expect(error?.code).toBe('42501')
  const moderator = await createUser({ role: 'moderator' })
  const ok = await moderator.client.rpc('moderation_dashboard', {
    period_start: '2026-01-01',
    period_end: '2026-12-31',
  })
  expect(ok.error).toBeNull()
  expect(Object.keys(ok.data as object)).toContain('per_neighbourhood')
  for (const role of ['anon', 'authenticated']) {
    await expect(
      snapshot(async (db) => {
        await db.query(`set local role ${role}`)
        return db.query(`select private.dashboard_figures(current_date, current_date)`)
      }),
      role,
    ).rejects.toThrow(/permission denied/)
  }
})
