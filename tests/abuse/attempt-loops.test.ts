// A script that loops post-and-withdraw or vote-and-unvote from many connections at once must not
// get more through than the limits allow, although everything it made is gone again at the end.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser, ideaInput } from '../support/users.ts'

const count = async (query: string, params: unknown[]) =>
  Number((await sql<{ n: string }>(query, params))[0].n)

describe('loops that delete what they made', () => {
  it('lets 4 parallel post-and-withdraw loops of one person post 5 ideas in all', async () => {
    const me = await createUser()
    let posted = 0
    const loop = async () => {
      for (let i = 0; i < 4; i++) {
        const r = await me.client.rpc('submit_idea', {
          id: randomUUID(),
          ...ideaInput({ title: `Lus-idee ${randomUUID().slice(0, 6)}` }),
          lat: null,
          lng: null,
        })
        if (r.error) {
          expect(r.error.message).toBe('rate_limited: ideas')
          continue
        }
        posted++
        const gone = await me.client.rpc('withdraw_idea', {
          idea_id: (r.data as { id: string }).id,
        })
        expect(gone.error).toBeNull()
      }
    }
    await Promise.all([loop(), loop(), loop(), loop()])
    expect(posted).toBe(5)
    expect(
      await count(
        'select count(*) n from public.ideas where author_id = $1 and withdrawn_at is null',
        [me.id],
      ),
    ).toBe(0)
  })

  it('lets 40 vote and unvote requests at once change one idea at most 10 times, with an exact count', async () => {
    const me = await createUser()
    const idea = await arrangeIdea(null)
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? me.client.from('votes').insert({ idea_id: idea })
          : me.client.from('votes').delete().eq('idea_id', idea).select('idea_id'),
      ),
    )
    // A delete that found no vote changed nothing and is no change.
    const changes = results.filter(
      (r) => !r.error && (r.data === null || (r.data as unknown[]).length > 0),
    ).length
    for (const r of results.filter((r) => r.error))
      expect(r.error!.message).toMatch(/^rate_limited: vote_changes_per_idea$|duplicate key/)
    expect(changes).toBeLessThanOrEqual(10)
    expect(
      await count(
        `select count(*) n from private.attempts where user_id = $1 and action = 'vote_changes_per_idea'`,
        [me.id],
      ),
    ).toBe(changes)
    const [row] = await sql<{ vote_count: number; votes: string }>(
      `select i.vote_count, (select count(*) from public.votes v where v.idea_id = i.id) votes
         from public.ideas i where i.id = $1`,
      [idea],
    )
    expect(row.vote_count).toBe(Number(row.votes))
  })
})
