// RLS and the team's functions for dashboard and report figures, through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea } from '../../support/users.ts'
import { ANSWER, actorsForFile } from '../../support/team.ts'

const a = actorsForFile()

describe('dashboard and report figures', () => {
  it('are for the team only', async () => {
    const args = { period_start: '2026-01-01', period_end: '2026-12-31' }
    expect((await a.partner.client.rpc('moderation_dashboard', args)).error?.code).toBe('42501')
    expect((await a.resident.client.rpc('alliantieraad_report', args)).error?.code).toBe('42501')
    const { data, error } = await a.moderator.client.rpc('moderation_dashboard', args)
    expect(error).toBeNull()
    expect(data).toHaveProperty('funnel')
    expect((await a.admin.client.rpc('alliantieraad_report', args)).error).toBeNull()
  })

  it('counts the median days to the first answer and the share answered within 14 days', async () => {
    // A period of its own, far from the seed: three ideas, answered after 2 and 20 days, one open.
    const day = (n: number) => `2030-03-${String(n).padStart(2, '0')}T10:00:00Z`
    const fast = await arrangeIdea(a.resident.id, { created_at: day(1) })
    const slow = await arrangeIdea(a.resident.id, { created_at: day(2) })
    await arrangeIdea(a.resident.id, { created_at: day(3) })
    await sql(
      `insert into public.idea_updates (idea_id, status, message, author_id, created_at) values
         ($1, 'in_review', $3, $4, $5), ($2, 'in_review', $3, $4, $6)`,
      [fast, slow, ANSWER, a.moderator.id, day(3), day(22)],
    )
    const { data } = await a.moderator.client.rpc('moderation_dashboard', {
      period_start: '2030-03-01',
      period_end: '2030-03-31',
    })
    // The period lies in the future, so the open idea is not yet due; 1 of 2 due answered in time.
    expect(data).toMatchObject({
      total: 3,
      answered: 2,
      median_days_to_answer: 11,
      answered_within_14_days: 1,
    })
  })
})
