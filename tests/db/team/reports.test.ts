// RLS and the team's functions for reports, through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { arrangeIdea } from '../../support/users.ts'
import { actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

describe('reports', () => {
  it('only the reporter and the team read a report; only the team resolves it', async () => {
    const idea = await arrangeIdea(a.other.id)
    const { data: report, error } = await a.resident.client
      .from('reports')
      .insert({ idea_id: idea, reason: 'Dit klopt niet' })
      .select('id')
      .single()
    expect(error).toBeNull()
    expect((await a.partner.client.from('reports').select('id').eq('id', report!.id)).data).toEqual(
      [],
    )
    expect(
      (await a.moderator.client.from('reports').select('id').eq('id', report!.id)).data,
    ).toHaveLength(1)

    const denied = await a.resident.client.rpc('resolve_report', {
      report_id: report!.id,
      note: 'zelf opgelost',
    })
    expect(denied.error?.code).toBe('42501')
    expect(
      (await a.moderator.client.rpc('resolve_report', { report_id: report!.id, note: 'Besproken' }))
        .error,
    ).toBeNull()
    expect((await logEntries(report!.id)).map((e) => e.action)).toEqual(['resolve_report'])
  })
})
