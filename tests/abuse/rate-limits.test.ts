// Rate limits under a flood: a script that fires many requests at once must not get more through
// than the limits allow (ideas 5/hour, comments 30/hour, votes 120/minute, one code mail per
// address per minute), and guessing an e-mailed code stops after 5 wrong tries.
// Per-IP auth limits are shared by every test on this stack, so the floods here stay far below them.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, sql, uniqueEmail } from '../support/clients.ts'
import { SEED, arrangeIdea, createUser, ideaInput } from '../support/users.ts'

const count = async (query: string, params: unknown[]) =>
  Number((await sql<{ n: string }>(query, params))[0].n)

function statuses(results: { status: number }[]) {
  const out: Record<number, number> = {}
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1
  return out
}

describe('database rate limits under a flood', () => {
  it('lets 5 of 20 ideas sent at once through, and refuses the rest as rate_limited', async () => {
    const user = await createUser()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        user.client.rpc('submit_idea', {
          id: randomUUID(),
          ...ideaInput({ title: `Overstroming nummer ${i}` }),
          lat: null,
          lng: null,
        }),
      ),
    )
    const refused = results.filter((r) => r.status >= 400)
    for (const r of refused) {
      expect(r.status).toBeLessThan(500)
      expect(r.error?.message).toMatch(/rate_limited: ideas/)
    }
    expect(
      await count('select count(*) n from public.ideas where author_id = $1', [user.id]),
      JSON.stringify(statuses(results)),
    ).toBe(5)
  })

  it('lets 30 of 50 comments sent at once through', async () => {
    const user = await createUser()
    const idea = await arrangeIdea(null)
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        user.client.from('comments').insert({ idea_id: idea, body: `Reactie ${i}` }),
      ),
    )
    for (const r of results.filter((r) => r.status >= 400))
      expect(r.error?.message).toMatch(/rate_limited: comments/)
    expect(
      await count('select count(*) n from public.comments where author_id = $1', [user.id]),
      JSON.stringify(statuses(results)),
    ).toBe(30)
    expect(await count('select comment_count n from public.ideas where id = $1', [idea])).toBe(30)
  })

  it('lets 120 of 140 votes in a minute through, on 140 different ideas at once', async () => {
    const user = await createUser()
    const ideas = (
      await sql<{ id: string }>(
        `insert into public.ideas (title, body, theme_id, neighbourhood_id)
         select 'Stemidee ' || g, 'Een idee om op te stemmen, met genoeg woorden.', $1, $2 from generate_series(1, 140) g
         returning id`,
        [SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord],
      )
    ).map((r) => r.id)
    const results = await Promise.all(
      ideas.map((id) => user.client.from('votes').insert({ idea_id: id })),
    )
    for (const r of results.filter((r) => r.status >= 400))
      expect(r.error?.message).toMatch(/rate_limited: votes/)
    expect(
      await count('select count(*) n from public.votes where user_id = $1', [user.id]),
      JSON.stringify(statuses(results)),
    ).toBe(120)
    expect(
      await count('select sum(vote_count) n from public.ideas where id = any($1::uuid[])', [ideas]),
    ).toBe(120)
  })
})

describe('auth rate limits under a flood', () => {
  it('sends one code mail for 10 requests at once for the same address', async () => {
    const email = uniqueEmail('flood')
    const results = await Promise.all(
      Array.from({ length: 10 }, () => anonClient().auth.signInWithOtp({ email })),
    )
    const ok = results.filter((r) => !r.error)
    expect(ok).toHaveLength(1)
    for (const r of results.filter((r) => r.error))
      expect(r.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect(await latestMail(email)).toBeDefined()
  })

  it('stops a brute force of 30 parallel guesses of a code: none succeeds, and then the right code is refused too', async () => {
    const email = uniqueEmail('brute')
    expect((await anonClient().auth.signInWithOtp({ email })).error).toBeNull()
    const code = /^\s*(\d{6})\s*$/m.exec((await latestMail(email))!.text)![1]
    const guesses = Array.from({ length: 30 }, (_, i) =>
      String((Number(code) + 1 + i * 7919) % 1_000_000).padStart(6, '0'),
    )
    const results = await Promise.all(
      guesses.map((token) => anonClient().auth.verifyOtp({ email, token, type: 'email' })),
    )
    expect(results.every((r) => r.error && r.data.session === null)).toBe(true)
    const limited = results.filter((r) => r.error?.status === 429).length
    expect(limited).toBeGreaterThanOrEqual(25)
    const right = await anonClient().auth.verifyOtp({ email, token: code, type: 'email' })
    expect(right.error).toMatchObject({ status: 429 })
    expect(right.data.session).toBeNull()
  })
})
