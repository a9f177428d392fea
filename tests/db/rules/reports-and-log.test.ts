// The business rules for reports and the moderation log, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { describe, expect, test } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea, createUser } from '../../support/users.ts'

describe('reports and the moderation log', () => {
  test('a person reports once; the team resolves; the log is append-only', async () => {
    const [me, mod] = [await createUser(), await createUser({ role: 'moderator' })]
    const idea = await arrangeIdea(null)
    const r = await me.client
      .from('reports')
      .insert({ idea_id: idea, reason: '  Dit is reclame.  ' })
      .select()
      .single()
    expect(r.data.reason).toBe('Dit is reclame.')
    expect(
      (await me.client.from('reports').insert({ idea_id: idea, reason: 'Nog een keer' })).error
        ?.code,
    ).toBe('23505')
    expect(
      (await me.client.from('reports').insert({ idea_id: await arrangeIdea(null), reason: 'x' }))
        .error?.message,
    ).toContain('reports_reason_length')
    expect(
      (await me.client.rpc('resolve_report', { report_id: r.data.id, note: 'ok' })).error?.message,
    ).toBe('not_allowed')
    expect(
      (await mod.client.rpc('resolve_report', { report_id: r.data.id, note: 'Verwijderd' })).error,
    ).toBeNull()
    const log = await mod.client.from('moderation_log').select('*').eq('target_id', r.data.id)
    expect(log.data).toHaveLength(1)
    expect(
      (await mod.client.from('moderation_log').delete().eq('target_id', r.data.id)).error?.code,
    ).toBe('42501')
    await expect(
      sql('delete from public.moderation_log where target_id = $1', [r.data.id]),
    ).rejects.toThrow('moderation_log_append_only')
    await expect(
      sql('update public.moderation_log set reason = null where target_id = $1', [r.data.id]),
    ).rejects.toThrow('moderation_log_append_only')
  })
})
