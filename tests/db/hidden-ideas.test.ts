// A hidden idea is invisible to everyone but its author and the team — and so is everything hanging
// off it: comments, status answers, notifications, new follows and reports. Through PostgREST with
// real JWTs; SQL only to arrange and to inspect what the triggers wrote.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

const STATUS_MSG = 'We bekijken dit idee samen met de buurt en laten het snel weten.'

let author: TestUser
let commenter: TestUser
let follower: TestUser
let voter: TestUser
let partner: TestUser
let moderator: TestUser
let idea: string
let comment: string
let authorComment: string
let hiddenComment: string

beforeAll(async () => {
  ;[author, commenter, follower, voter, partner, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser(),
    createUser(),
    createUser({ role: 'partner' }),
    createUser({ role: 'moderator' }),
  ])
  // While the idea is visible: people comment, follow and vote; the team answers.
  idea = await arrangeIdea(author.id, { created_at: new Date(Date.now() - 3600_000).toISOString() })
  const followed = await follower.client.from('follows').insert({ idea_id: idea })
  expect(followed.error).toBeNull()
  expect((await voter.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
  const c = await commenter.client
    .from('comments')
    .insert({ idea_id: idea, body: 'Goed plan, ik help mee.' })
    .select('id')
    .single()
  expect(c.error).toBeNull()
  comment = c.data!.id
  const h = await commenter.client
    .from('comments')
    .insert({ idea_id: idea, body: 'Iets wat weg moet.' })
    .select('id')
    .single()
  hiddenComment = h.data!.id
  expect(
    (
      await moderator.client.rpc('hide_comment', {
        comment_id: hiddenComment,
        reason: 'Scheldwoord',
      })
    ).error,
  ).toBeNull()
  const u = await moderator.client.rpc('set_idea_status', {
    idea_id: idea,
    status: 'in_review',
    message: STATUS_MSG,
  })
  expect(u.error).toBeNull()
  // Before hiding, the follower has a notification about the comment and the status answer.
  expect(await notificationsOf(follower.client)).toHaveLength(2)
  expect(
    (
      await moderator.client.rpc('hide_idea', {
        idea_id: idea,
        reason: 'Persoonsgegevens in de tekst',
      })
    ).error,
  ).toBeNull()
  const a = await author.client
    .from('comments')
    .insert({ idea_id: idea, body: 'Ik pas mijn idee aan.' })
    .select('id')
    .single()
  expect(a.error).toBeNull()
  authorComment = a.data!.id
})

const commentIds = async (client: SupabaseClient) => {
  const { data, error } = await client.from('comments').select('id').eq('idea_id', idea)
  expect(error).toBeNull()
  return data!.map((r) => r.id as string).sort()
}
const updateCount = async (client: SupabaseClient) => {
  const { data, error } = await client.from('idea_updates').select('id').eq('idea_id', idea)
  expect(error).toBeNull()
  return data!.length
}
async function notificationsOf(client: SupabaseClient) {
  const { data, error } = await client
    .from('notifications')
    .select('kind, comment_id')
    .eq('idea_id', idea)
  expect(error).toBeNull()
  return data!
}

describe('comments and status answers of a hidden idea', () => {
  test('denied: a visitor, another resident, a partner and even the commenter see none of them', async () => {
    for (const client of [
      anonClient(),
      voter.client,
      partner.client,
      commenter.client,
      follower.client,
    ]) {
      expect(await commentIds(client)).toEqual([])
      expect(await updateCount(client)).toBe(0)
      // Not by id either.
      expect((await client.from('comments').select('id').eq('id', comment)).data).toEqual([])
    }
  })

  test('allowed: the author sees the discussion and the answers, not a comment the team hid', async () => {
    expect(await commentIds(author.client)).toEqual([comment, authorComment].sort())
    expect(await updateCount(author.client)).toBe(1)
  })

  test('allowed: the team sees everything, the hidden comment included', async () => {
    expect(await commentIds(moderator.client)).toEqual(
      [comment, authorComment, hiddenComment].sort(),
    )
    expect(await updateCount(moderator.client)).toBe(1)
  })

  test('denied: commenting on a hidden idea by someone else; allowed for the author (done above)', async () => {
    const { error } = await commenter.client
      .from('comments')
      .insert({ idea_id: idea, body: 'Nog een reactie.' })
    expect(error?.code).toBe('42501')
  })

  test('visible ideas keep their comments readable for everyone', async () => {
    const open = await arrangeIdea(author.id)
    const id = randomUUID()
    await sql(
      `insert into public.comments (id, idea_id, author_id, body) values ($1, $2, $3, 'Zichtbaar')`,
      [id, open, commenter.id],
    )
    for (const client of [anonClient(), voter.client, partner.client]) {
      expect((await client.from('comments').select('id').eq('idea_id', open)).data).toEqual([
        { id },
      ])
    }
  })
})

describe('notifications, follows and reports of a hidden idea', () => {
  test('denied: earlier notifications about the idea disappear for followers; the author keeps theirs', async () => {
    expect(await notificationsOf(follower.client)).toEqual([])
    expect(await notificationsOf(voter.client)).toEqual([])
    // The rows still exist (they come back on unhide), RLS just does not show them.
    // Three: the two comments (one hidden since) and the status answer.
    expect(
      (
        await sql('select 1 from public.notifications where user_id = $1 and idea_id = $2', [
          follower.id,
          idea,
        ])
      ).length,
    ).toBe(3)
    expect((await notificationsOf(author.client)).map((n) => n.kind)).toContain('new_comment')
  })

  test('denied: activity on the hidden idea notifies nobody who may not see it; allowed: the author', async () => {
    const before = await sql<{ n: number }>(
      'select count(*)::int n from public.notifications where idea_id = $1',
      [idea],
    )
    // The author's comment (arranged in beforeAll) notified no follower.
    expect(
      (await sql('select 1 from public.notifications where comment_id = $1', [authorComment]))
        .length,
    ).toBe(0)
    // A status answer while hidden reaches the author only, not the voter or the follower.
    const u = await moderator.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'not_feasible',
      message: STATUS_MSG,
    })
    expect(u.error).toBeNull()
    const got = await sql<{ user_id: string }>(
      'select user_id from public.notifications where idea_update_id = $1',
      [u.data.id],
    )
    expect(got.map((r) => r.user_id)).toEqual([author.id])
    expect(
      (
        await sql<{ n: number }>(
          'select count(*)::int n from public.notifications where idea_id = $1',
          [idea],
        )
      )[0].n,
    ).toBe(before[0].n + 1)
  })

  test('denied: following or reporting a hidden idea (or its comments) by id; allowed for the author', async () => {
    expect((await voter.client.from('follows').insert({ idea_id: idea })).error?.code).toBe('42501')
    expect(
      (await voter.client.from('reports').insert({ idea_id: idea, reason: 'Dit is reclame.' }))
        .error?.code,
    ).toBe('42501')
    expect(
      (
        await voter.client
          .from('reports')
          .insert({ comment_id: comment, reason: 'Dit is reclame.' })
      ).error?.code,
    ).toBe('42501')
    expect(
      (
        await author.client
          .from('reports')
          .insert({ comment_id: comment, reason: 'Dit klopt niet.' })
      ).error,
    ).toBeNull()
  })

  test('votes stay private: a voter sees only their own vote row, never the idea', async () => {
    const { data } = await voter.client.from('votes').select('idea_id').eq('idea_id', idea)
    expect(data).toEqual([{ idea_id: idea }])
    expect((await voter.client.from('ideas').select('id').eq('id', idea)).data).toEqual([])
    expect((await voter.client.from('votes').insert({ idea_id: idea })).error).not.toBeNull()
  })

  test('allowed again after unhide: comments, answers and the earlier notifications come back', async () => {
    expect(
      (await moderator.client.rpc('unhide_idea', { idea_id: idea, reason: 'Tekst is aangepast' }))
        .error,
    ).toBeNull()
    expect(await commentIds(follower.client)).toEqual([comment, authorComment].sort())
    expect(await updateCount(anonClient())).toBe(2)
    expect(await notificationsOf(follower.client)).toHaveLength(2)
  })
})
