// RLS and the team's functions for the audit log, through PostgREST with real JWTs.
import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea, type TestUser } from '../../support/users.ts'
import { actorsForFile } from '../../support/team.ts'

const a = actorsForFile()

describe('the audit log', () => {
  let entryId: number
  beforeAll(async () => {
    const idea = await arrangeIdea(a.resident.id)
    await a.moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'Voor de logtest' })
    const [row] = await sql<{ id: number }>(
      'select id from public.moderation_log where target_id = $1',
      [idea],
    )
    entryId = Number(row.id)
  })

  it('residents and partners read nothing; moderators and admins read it', async () => {
    for (const who of [a.resident, a.partner]) {
      expect((await who.client.from('moderation_log').select('id').eq('id', entryId)).data).toEqual(
        [],
      )
    }
    for (const who of [a.moderator, a.admin]) {
      const { data } = await who.client
        .from('moderation_log')
        .select('id, action, actor_id, reason, at')
        .eq('id', entryId)
      expect(data).toEqual([
        expect.objectContaining({
          action: 'hide',
          actor_id: a.moderator.id,
          reason: 'Voor de logtest',
        }),
      ])
    }
  })

  it.each(['moderator', 'admin'] as const)(
    'a %s cannot update, delete or insert entries',
    async (role) => {
      const who: TestUser = a[role]
      const update = await who.client
        .from('moderation_log')
        .update({ reason: 'weggepoetst' })
        .eq('id', entryId)
      expect(update.error?.code).toBe('42501')
      const del = await who.client.from('moderation_log').delete().eq('id', entryId)
      expect(del.error?.code).toBe('42501')
      const insert = await who.client
        .from('moderation_log')
        .insert({ action: 'fake', target_table: 'ideas' })
      expect(insert.error?.code).toBe('42501')
      const [row] = await sql('select reason from public.moderation_log where id = $1', [entryId])
      expect(row.reason).toBe('Voor de logtest')
    },
  )

  it('not even the database owner can change or delete it', async () => {
    await expect(
      sql(`update public.moderation_log set reason = 'x' where id = $1`, [entryId]),
    ).rejects.toThrow(/moderation_log_append_only/)
    await expect(sql('delete from public.moderation_log where id = $1', [entryId])).rejects.toThrow(
      /moderation_log_append_only/,
    )
  })
})
