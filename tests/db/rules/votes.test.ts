// The business rules for votes, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { describe, expect, test } from 'vitest'
import { anonClient, sql } from '../../support/clients.ts'
import { arrangeIdea, createUser, createUsers } from '../../support/users.ts'

describe('votes', () => {
  test('200 parallel votes give exactly 200', async () => {
    const idea = await arrangeIdea(null)
    const people = await createUsers(200)
    const results = await Promise.all(
      people.map((p) => p.client.from('votes').insert({ idea_id: idea })),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(200)
    await Promise.all(
      people.slice(0, 50).map((p) => p.client.from('votes').delete().eq('idea_id', idea)),
    )
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(150)
  })

  test('one vote per person; voting for someone else is refused; votes are private', async () => {
    const [me, other] = await createUsers(2)
    const idea = await arrangeIdea(null)
    expect((await me.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
    expect((await me.client.from('votes').insert({ idea_id: idea })).error?.code).toBe('23505')
    expect(
      (await me.client.from('votes').insert({ idea_id: idea, user_id: other.id })).error?.code,
    ).toBe('42501')
    expect((await other.client.from('votes').select('*').eq('idea_id', idea)).data).toEqual([])
    expect((await anonClient().from('votes').select('*')).error?.code).toBe('42501')
  })

  // A hidden idea answers a stranger like a missing one: see hidden-not-found.test.ts.
  test.each([
    ['merged', { status: 'merged', merged_into_id: '40000000-0000-4000-8000-000000000001' }],
    ['closed', { status: 'done' }],
    ['closed', { status: 'not_feasible' }],
  ])('no votes on %s ideas', async (why, state) => {
    const me = await createUser()
    const idea = await arrangeIdea(null, state)
    const { error } = await me.client.from('votes').insert({ idea_id: idea })
    expect(error).toMatchObject({ code: 'P0001', message: `idea_not_votable: ${why}` })
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(0)
  })
})
