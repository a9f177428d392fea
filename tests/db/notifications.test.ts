// My page's berichten: the query the app sends (src/api/columns.ts NOTIFICATION) names each
// message's idea and, for a status update, the new status; a message about an idea the reader may
// not see is not returned; a person marks only their own messages read. Through PostgREST with
// real JWTs; SQL only to arrange and to inspect what was stored.
import { beforeAll, describe, expect, test } from 'vitest'
import { NOTIFICATION } from '@/api/columns'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

let author: TestUser
let follower: TestUser
let stranger: TestUser
let moderator: TestUser
let idea: string
let hiddenLater: string

/** Stored notifications of a person about an idea, bypassing RLS. */
async function stored(userId: string, ideaId: string) {
  return sql<{ id: string; kind: string; read_at: Date | null }>(
    `select id, kind::text, read_at from public.notifications
      where user_id = $1 and idea_id = $2 order by created_at`,
    [userId, ideaId],
  )
}

beforeAll(async () => {
  ;[author, follower, stranger, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
  idea = await arrangeIdea(author.id, { title: 'Een bankje bij de speeltuin' })
  hiddenLater = await arrangeIdea(author.id, { title: 'Een idee dat het team weghaalt' })
  for (const id of [idea, hiddenLater]) {
    expect((await follower.client.from('follows').insert({ idea_id: id })).error).toBeNull()
    const { error } = await moderator.client.rpc('set_idea_status', {
      idea_id: id,
      status: 'in_progress',
      message: 'We gaan ermee aan de slag met de buurt. We laten weten hoe het gaat.',
    })
    expect(error).toBeNull()
  }
  await sql(
    `update public.ideas set hidden_at = now(), hidden_reason = 'Dit hoort niet in de emmer.' where id = $1`,
    [hiddenLater],
  )
})

describe('the notification list', () => {
  test('allowed: a status update names its idea and its new status, in one request', async () => {
    const { data, error } = await follower.client
      .from('notifications')
      .select(NOTIFICATION)
      .eq('user_id', follower.id)
      .eq('idea_id', idea)
    expect(error).toBeNull()
    expect(data).toEqual([
      expect.objectContaining({
        kind: 'status_update',
        idea_id: idea,
        read_at: null,
        idea: { title: 'Een bankje bij de speeltuin' },
        idea_update: { status: 'in_progress' },
      }),
    ])
  })

  test('denied: a notification about an idea hidden later is not returned, though it is stored', async () => {
    expect(await stored(follower.id, hiddenLater)).toHaveLength(1)
    const { data, error } = await follower.client
      .from('notifications')
      .select(NOTIFICATION)
      .eq('user_id', follower.id)
    expect(error).toBeNull()
    expect(data!.map((n) => n.idea_id)).toContain(idea)
    expect(data!.map((n) => n.idea_id)).not.toContain(hiddenLater)
    expect(JSON.stringify(data)).not.toContain('weghaalt')
  })

  test("allowed: the hidden idea's author still reads theirs, with the title", async () => {
    const { data, error } = await author.client
      .from('notifications')
      .select(NOTIFICATION)
      .eq('idea_id', hiddenLater)
    expect(error).toBeNull()
    // The status answer from before, and the bericht that the team hid the idea.
    expect(data).toHaveLength(2)
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          idea: { title: 'Een idee dat het team weghaalt' },
          idea_update: { status: 'in_progress' },
        }),
        expect.objectContaining({
          kind: 'idea_hidden',
          idea: { title: 'Een idee dat het team weghaalt' },
        }),
      ]),
    )
  })

  test("denied: nobody reads someone else's notifications", async () => {
    const { data, error } = await stranger.client
      .from('notifications')
      .select(NOTIFICATION)
      .eq('user_id', follower.id)
    expect(error).toBeNull()
    expect(data).toEqual([])
  })
})

describe('marking one notification read', () => {
  test('allowed: the owner marks exactly that one read', async () => {
    const [mine] = await stored(author.id, idea)
    const { data, error } = await author.client
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('id', mine.id)
      .is('read_at', null)
      .select('id')
    expect(error).toBeNull()
    expect(data).toEqual([{ id: mine.id }])
    expect((await stored(author.id, idea))[0].read_at).not.toBeNull()
    // The other message of the same person stays unread.
    expect((await stored(author.id, hiddenLater))[0].read_at).toBeNull()
  })

  test("denied: marking someone else's notification read changes nothing", async () => {
    const [theirs] = await stored(follower.id, idea)
    const { data, error } = await stranger.client
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('id', theirs.id)
      .select('id')
    // RLS: the row is not the caller's, so the update matches nothing.
    expect(error).toBeNull()
    expect(data).toEqual([])
    expect((await stored(follower.id, idea))[0].read_at).toBeNull()
  })

  test('denied: the team cannot mark a resident’s notification read either', async () => {
    const [theirs] = await stored(follower.id, idea)
    const { data } = await moderator.client
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('id', theirs.id)
      .select('id')
    expect(data).toEqual([])
    expect((await stored(follower.id, idea))[0].read_at).toBeNull()
  })

  test('denied: the owner changes nothing but read_at (no handing a message to someone else)', async () => {
    const [mine] = await stored(follower.id, idea)
    const { error } = await follower.client
      .from('notifications')
      .update({ user_id: stranger.id })
      .eq('id', mine.id)
    expect(error?.code).toBe('42501')
    const { error: kindError } = await follower.client
      .from('notifications')
      .update({ kind: 'new_comment' })
      .eq('id', mine.id)
    expect(kindError?.code).toBe('42501')
    const [after] = await sql<{ user_id: string; kind: string }>(
      `select user_id, kind::text from public.notifications where id = $1`,
      [mine.id],
    )
    expect(after).toEqual({ user_id: follower.id, kind: 'status_update' })
  })

  test('denied: a notification about a hidden idea cannot be marked read by a follower', async () => {
    const [theirs] = await stored(follower.id, hiddenLater)
    const { data, error } = await follower.client
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('id', theirs.id)
      .select('id')
    expect(error).toBeNull()
    expect(data).toEqual([])
    expect((await stored(follower.id, hiddenLater))[0].read_at).toBeNull()
  })
})
