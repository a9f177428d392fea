// RLS and the team's functions for merging duplicates, through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea } from '../../support/users.ts'
import { ANSWER, actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

describe('merging duplicates', () => {
  it('only the team merges; votes move to the original', async () => {
    const original = await arrangeIdea(a.resident.id)
    const duplicate = await arrangeIdea(a.other.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [
      duplicate,
      a.partner.id,
    ])
    const denied = await a.partner.client.rpc('merge_idea', {
      duplicate,
      original,
      message: ANSWER,
    })
    expect(denied.error?.code).toBe('42501')

    const { error } = await a.moderator.client.rpc('merge_idea', {
      duplicate,
      original,
      message: ANSWER,
    })
    expect(error).toBeNull()
    const rows = await sql(
      'select id, status, vote_count from public.ideas where id = any($1::uuid[]) order by id = $2',
      [[original, duplicate], duplicate],
    )
    expect(rows[0]).toMatchObject({ id: original, vote_count: 1 })
    expect(rows[1]).toMatchObject({ id: duplicate, status: 'merged', vote_count: 0 })
    expect((await logEntries(duplicate)).map((e) => e.action)).toEqual(['merge'])
  })
})
