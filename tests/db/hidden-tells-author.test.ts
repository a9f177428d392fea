// When the team hides an idea or a comment, its author gets a bericht (idea_hidden,
// comment_hidden) and can read the reason on their idea, and answer there. Nobody else is told;
// showing it again sends nothing. Through PostgREST with real JWTs; SQL only to arrange and inspect.
import { randomUUID } from 'node:crypto'
import { beforeAll, expect, test } from 'vitest'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

let author: TestUser
let commenter: TestUser
let follower: TestUser
let moderator: TestUser

beforeAll(async () => {
  ;[author, commenter, follower, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
})

const kindsFor = async (user: TestUser, ideaId: string) =>
  (
    await sql<{ kind: string }>(
      `select kind::text from public.notifications where user_id = $1 and idea_id = $2 order by created_at`,
      [user.id, ideaId],
    )
  ).map((r) => r.kind)

test('hiding an idea tells its author, who reads why and can still answer; nobody else is told', async () => {
  const idea = await arrangeIdea(author.id)
  expect((await follower.client.from('follows').insert({ idea_id: idea })).error).toBeNull()
  const hidden = await moderator.client.rpc('hide_idea', {
    idea_id: idea,
    reason: 'Er staat een adres in de tekst.',
  })
  expect(hidden.error).toBeNull()

  const own = await author.client
    .from('notifications')
    .select('kind, idea_id, read_at')
    .eq('idea_id', idea)
  expect(own.error).toBeNull()
  expect(own.data).toEqual([{ kind: 'idea_hidden', idea_id: idea, read_at: null }])
  // The reason, as the idea page asks for it.
  const page = await author.client
    .from('ideas')
    .select('hidden_at, hidden_reason')
    .eq('id', idea)
    .single()
  expect(page.data?.hidden_reason).toBe('Er staat een adres in de tekst.')
  // The author can answer the team under the hidden idea.
  const reply = await author.client
    .from('comments')
    .insert({ idea_id: idea, body: 'Sorry, ik haal het adres weg.' })
  expect(reply.error).toBeNull()

  expect(await kindsFor(follower, idea)).not.toContain('idea_hidden')
  expect(await kindsFor(moderator, idea)).toEqual([])
  const followerReads = await follower.client.from('notifications').select('id').eq('idea_id', idea)
  expect(followerReads.data).toEqual([])

  // Shown again: no new bericht.
  const unhidden = await moderator.client.rpc('unhide_idea', {
    idea_id: idea,
    reason: 'Het adres is weggehaald.',
  })
  expect(unhidden.error).toBeNull()
  expect(await kindsFor(author, idea)).toEqual(['idea_hidden'])
})

test('hiding a comment tells the comment author only', async () => {
  const idea = await arrangeIdea(author.id)
  const comment = randomUUID()
  expect(
    (
      await commenter.client
        .from('comments')
        .insert({ id: comment, idea_id: idea, body: 'Dit is een rare reactie.' })
    ).error,
  ).toBeNull()
  const before = await kindsFor(author, idea)
  expect(
    (await moderator.client.rpc('hide_comment', { comment_id: comment, reason: 'Niet aardig.' }))
      .error,
  ).toBeNull()
  const rows = await sql<{ kind: string; comment_id: string }>(
    `select kind::text, comment_id from public.notifications where user_id = $1 and comment_id = $2`,
    [commenter.id, comment],
  )
  expect(rows).toEqual([{ kind: 'comment_hidden', comment_id: comment }])
  // The idea's author hears nothing new about someone else's comment being hidden.
  expect(await kindsFor(author, idea)).toEqual(before)
})

test('an idea without an author (account deleted, or from a post-it) is hidden without a bericht', async () => {
  const idea = await arrangeIdea(null)
  expect(
    (await moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'Dubbel geplaatst.' })).error,
  ).toBeNull()
  const rows = await sql(
    `select 1 from public.notifications where idea_id = $1 and kind = 'idea_hidden'`,
    [idea],
  )
  expect(rows).toHaveLength(0)
})

test('denied: a resident cannot hide an idea, and its author gets nothing', async () => {
  const idea = await arrangeIdea(author.id)
  const { error } = await commenter.client.rpc('hide_idea', {
    idea_id: idea,
    reason: 'Ik vind het niks.',
  })
  expect(error?.code).toBe('42501')
  expect(await kindsFor(author, idea)).toEqual([])
})
