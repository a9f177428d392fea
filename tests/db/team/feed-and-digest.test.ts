// RLS and the team's functions for the buurt feed and the digest setting, through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { arrangeIdea, createUser, SEED } from '../../support/users.ts'
import { actorsForFile } from '../../support/team.ts'

const a = actorsForFile()

describe('the buurt feed and the digest setting', () => {
  it('shows new ideas in followed buurten, marks them unread, and only to the follower', async () => {
    const partner = await createUser({ role: 'partner' })
    await partner.client.from('follows').insert({ neighbourhood_id: SEED.neighbourhoods.eckartdal })
    const idea = await arrangeIdea(a.resident.id, {
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    })
    const { data, error } = await partner.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(error).toBeNull()
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'idea', idea_id: idea, unread: true }),
      ]),
    )
    const seen = await partner.client
      .from('follows')
      .update({ seen_at: new Date().toISOString() })
      .eq('neighbourhood_id', SEED.neighbourhoods.eckartdal)
    expect(seen.error).toBeNull()
    const after = await partner.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(after.data!.find((r: { idea_id: string }) => r.idea_id === idea).unread).toBe(false)
    const stranger = await a.other.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(stranger.data!.some((r: { idea_id: string }) => r.idea_id === idea)).toBe(false)
  })

  it('each person sets only their own digest frequency', async () => {
    expect(
      (await a.partner.client.from('digest_settings').upsert({ frequency: 'weekly' })).error,
    ).toBeNull()
    const forged = await a.partner.client
      .from('digest_settings')
      .insert({ user_id: a.resident.id, frequency: 'daily' })
    expect(forged.error?.code).toBe('42501')
    expect((await a.resident.client.from('digest_settings').select('user_id')).data).toEqual([])
  })
})
