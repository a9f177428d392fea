// The app's own calls for an author who changes or withdraws their idea (src/api/ideas.ts
// updateIdeaText, withdrawIdea), run against the real stack as real people: what the database
// allows goes through, what it refuses comes back as the plain reason the page shows, and a
// refusal changes nothing. The app's one client points at the test person's (tests/support/app.ts);
// SQL only to arrange and to check what is stored.
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { updateIdeaText, withdrawIdea } from '@/api/ideas'
import { reasonOrResult as as } from '../support/app.ts'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, createUsers, type TestUser } from '../support/users.ts'

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()
const stored = async (id: string) =>
  (
    await sql<{ title: string; body: string }>(
      'select title, body from public.ideas where id = $1',
      [id],
    )
  )[0]
const NEW_TEXT = {
  title: 'Bankjes en een prullenbak',
  body: 'Ouders staan nu de hele middag. Een bankje en een prullenbak zouden fijn zijn.',
}

let author: TestUser
let other: TestUser
let moderator: TestUser

beforeAll(async () => {
  ;[author, other, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
})

describe('updateIdeaText', () => {
  test('the author changes title and body of a new idea within 24 hours', async () => {
    const id = await arrangeIdea(author.id, { created_at: hoursAgo(23) })
    const row = await as(author.client, () =>
      updateIdeaText(id, { title: `  ${NEW_TEXT.title}  `, body: NEW_TEXT.body }),
    )
    // The database cleans the text; the app gets back what was stored.
    expect(row).toEqual({ id, ...NEW_TEXT })
    expect(await stored(id)).toEqual(NEW_TEXT)
  })

  test('refusals come back as their own reasons and change nothing', async () => {
    const old = await arrangeIdea(author.id, { created_at: hoursAgo(25) })
    const reviewed = await arrangeIdea(author.id, { status: 'in_review' })
    const hidden = await arrangeIdea(author.id, {
      hidden_at: new Date().toISOString(),
      hidden_reason: 'Scheldwoord',
    })
    const fresh = await arrangeIdea(author.id)
    const before = await stored(fresh)
    const cases: [string, SupabaseClient, string, string][] = [
      ['after 24 hours', author.client, old, 'ideaEditWindowClosed'],
      ['once the team took it up', author.client, reviewed, 'ideaEditNotNew'],
      ['the team hid it', author.client, hidden, 'ideaHiddenByTeam'],
      ["someone else's idea", other.client, fresh, 'notAllowed'],
      ['the team, through the API', moderator.client, fresh, 'notAllowed'],
      ['a visitor', anonClient(), fresh, 'notAllowed'],
    ]
    for (const [what, client, id, reason] of cases) {
      expect(await as(client, () => updateIdeaText(id, NEW_TEXT)), what).toBe(reason)
    }
    expect(await stored(fresh)).toEqual(before)
    expect((await stored(old)).title).not.toBe(NEW_TEXT.title)
    expect((await stored(reviewed)).title).not.toBe(NEW_TEXT.title)
    expect((await stored(hidden)).title).not.toBe(NEW_TEXT.title)
  })

  test('a text the database does not take gets the same B1 reason as the form', async () => {
    const id = await arrangeIdea(author.id)
    expect(await as(author.client, () => updateIdeaText(id, { ...NEW_TEXT, title: 'Kort' }))).toBe(
      'titleTooShort',
    )
    expect(
      await as(author.client, () => updateIdeaText(id, { ...NEW_TEXT, body: 'Te kort.' })),
    ).toBe('bodyTooShort')
  })
})

describe('withdrawIdea', () => {
  const withdrawn = async (id: string) =>
    (await sql('select withdrawn_at from public.ideas where id = $1', [id]))[0].withdrawn_at !==
    null

  test("the author withdraws a new idea with only their own vote; others' comments stay for the team", async () => {
    const id = await arrangeIdea(author.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [id, author.id])
    await sql(
      `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Goed plan!')`,
      [id, other.id],
    )
    expect(await as(author.client, () => withdrawIdea(id))).toBeUndefined()
    expect(await withdrawn(id)).toBe(true)
    // Gone for everyone but the team; nothing of other people's is deleted.
    expect((await other.client.from('ideas').select('id').eq('id', id)).data).toEqual([])
    expect((await author.client.from('ideas').select('id').eq('id', id)).data).toEqual([])
    expect((await moderator.client.from('ideas').select('id').eq('id', id)).data).toEqual([{ id }])
    expect(await sql('select 1 from public.votes where idea_id = $1', [id])).toHaveLength(1)
    expect(await sql('select 1 from public.comments where idea_id = $1', [id])).toHaveLength(1)
  })

  test('refusals come back as their own reasons and the idea stays', async () => {
    const [voter] = await createUsers(1)
    const voted = await arrangeIdea(author.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [voted, voter.id])
    const reviewed = await arrangeIdea(author.id, { status: 'in_review' })
    const hidden = await arrangeIdea(author.id, {
      hidden_at: new Date().toISOString(),
      hidden_reason: 'Scheldwoord',
    })
    const fresh = await arrangeIdea(author.id)
    const cases: [string, SupabaseClient, string, string][] = [
      ['someone else voted', author.client, voted, 'ideaWithdrawHasVotes'],
      ['once the team took it up', author.client, reviewed, 'ideaWithdrawNotNew'],
      ['the team hid it', author.client, hidden, 'ideaHiddenByTeam'],
      ["someone else's idea", other.client, fresh, 'notAllowed'],
      ['the team, through the API', moderator.client, fresh, 'notAllowed'],
      ['a visitor', anonClient(), fresh, 'notAllowed'],
    ]
    for (const [what, client, id, reason] of cases) {
      expect(await as(client, () => withdrawIdea(id)), what).toBe(reason)
      expect(await withdrawn(id), what).toBe(false)
    }
  })
})
