// The business rules for rate limits, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sql } from '../../support/clients.ts'
import { createUser, ideaInput, SEED } from '../../support/users.ts'

describe('rate limits', () => {
  test('the sixth idea within an hour is refused with rate_limited: ideas', async () => {
    const me = await createUser()
    for (let i = 0; i < 5; i++)
      expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
    const sixth = await me.client.from('ideas').insert(ideaInput())
    expect(sixth.error).toMatchObject({
      code: 'P0001',
      message: 'rate_limited: ideas',
      hint: 'rate_limited',
    })
    // An hour passes: for the ideas and for the record of attempts the limit counts.
    await sql(
      `update public.ideas set created_at = now() - interval '61 minutes' where author_id = $1`,
      [me.id],
    )
    await sql(`update private.attempts set at = now() - interval '61 minutes' where user_id = $1`, [
      me.id,
    ])
    expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
  })

  test('a retry of an idea saved before the limit was reached returns it instead of rate_limited', async () => {
    const me = await createUser()
    const id = randomUUID()
    const args = {
      id,
      title: 'Een bank bij de bushalte',
      body: 'Ouderen staan lang te wachten bij de bushalte.',
      kind: 'idea',
      theme_id: SEED.themes.samenLeven,
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    }
    expect((await me.client.rpc('submit_idea', args).single()).error).toBeNull()
    for (let i = 0; i < 4; i++)
      expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
    // At the limit now: a new idea is refused, the retry of the saved one is not.
    expect((await me.client.from('ideas').insert(ideaInput())).error?.message).toBe(
      'rate_limited: ideas',
    )
    const retry = await me.client.rpc('submit_idea', args).single()
    expect(retry.error).toBeNull()
    expect(retry.data).toMatchObject({ id, author_id: me.id })
    expect(
      (await sql('select count(*)::int n from public.ideas where author_id = $1', [me.id]))[0].n,
    ).toBe(5)
  })

  test('limits for comments, reports and votes come from private.limits', async () => {
    const limits = await sql('select action, max_count from private.limits order by action')
    expect(limits).toEqual(
      expect.arrayContaining([
        { action: 'comments', max_count: 30 },
        { action: 'reports', max_count: 10 },
        { action: 'votes', max_count: 120 },
      ]),
    )
    const me = await createUser()
    await sql(
      `insert into public.comments (idea_id, author_id, body) select $1, $2, 'x' from generate_series(1, 30)`,
      [SEED.idea(2), me.id],
    )
    expect(
      (await me.client.from('comments').insert({ idea_id: SEED.idea(2), body: 'Eén te veel' }))
        .error?.message,
    ).toBe('rate_limited: comments')
  })
})
