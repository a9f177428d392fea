// Someone who may not see a hidden idea (or a hidden comment) must not be able to tell it apart
// from an id that does not exist: every answer — HTTP status, error code, message, details, hint,
// data — is the same for both. The author and the team, who may see it, keep their own answers.
// Through PostgREST with real JWTs; SQL only to arrange.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

const HIDDEN = { hidden_at: new Date().toISOString(), hidden_reason: 'Persoonsgegevens' }

let author: TestUser
let moderator: TestUser
let admin: TestUser
let hiddenIdea: string
let visibleIdea: string
/** A visible comment, but on the hidden idea. */
let commentOnHiddenIdea: string
/** A hidden comment on a visible idea, by `commenter`. */
let hiddenComment: string
let commenter: TestUser

async function arrangeComment(
  ideaId: string,
  authorId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = randomUUID()
  const row = { id, idea_id: ideaId, author_id: authorId, body: 'Een reactie', ...extra }
  const cols = Object.keys(row)
  await sql(
    `insert into public.comments (${cols.join(', ')}) select ${cols.map((c) => `r.${c}`).join(', ')}
       from jsonb_populate_record(null::public.comments, $1::jsonb) r`,
    [JSON.stringify(row)],
  )
  return id
}

beforeAll(async () => {
  ;[author, moderator, admin, commenter] = await Promise.all([
    createUser(),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
    createUser(),
  ])
  hiddenIdea = await arrangeIdea(author.id, HIDDEN)
  visibleIdea = await arrangeIdea(author.id)
  commentOnHiddenIdea = await arrangeComment(hiddenIdea, commenter.id)
  hiddenComment = await arrangeComment(visibleIdea, commenter.id, {
    ...HIDDEN,
    hidden_by: moderator.id,
  })
})

/** Everything a caller gets back from PostgREST, minus what differs per request anyway. */
type Answer = { status: number; error: unknown; data: unknown }
const answer = (res: { status: number; error: unknown; data: unknown }): Answer => ({
  status: res.status,
  error: res.error,
  data: res.data,
})

/** A reply to the target comment, filed under `ideaId` (or under the target's idea, by choice). */
const replyUnder =
  (ideaId: (target: string) => string) =>
  async (c: SupabaseClient, id: string): Promise<Answer> =>
    answer(
      await c.from('comments').insert({ idea_id: ideaId(id), parent_id: id, body: 'Antwoord' }),
    )

/**
 * Runs the same request once against the hidden target and once against an id that does not
 * exist, each time as a fresh person of the given kind (so rate limits and earlier rows play no
 * part), and returns both answers.
 */
async function both(
  who: 'resident' | 'partner' | 'anon',
  request: (client: SupabaseClient, target: string) => PromiseLike<Answer>,
  hidden: string,
): Promise<{ hidden: Answer; missing: Answer }> {
  const client = async () =>
    who === 'anon'
      ? anonClient()
      : (await createUser(who === 'partner' ? { role: 'partner' } : {})).client
  return {
    hidden: await request(await client(), hidden),
    missing: await request(await client(), randomUUID()),
  }
}

const WHO = ['resident', 'partner', 'anon'] as const

describe('denied: a hidden idea answers exactly like an id that does not exist', () => {
  test.each(WHO)('voting, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) => answer(await c.from('votes').insert({ idea_id: id })),
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
    expect(r.hidden.error).not.toBeNull()
    expect(JSON.stringify(r.hidden)).not.toMatch(/hidden|votable/)
    if (who !== 'anon') {
      // 23503, which src/api/errors.ts shows as its plain "not found" text.
      expect(r.hidden).toMatchObject({
        status: 409,
        error: { code: '23503', message: 'idea_not_found' },
      })
    }
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [hiddenIdea]))[0].vote_count,
    ).toBe(0)
  })

  test.each(WHO)('voting with the whole row returned, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) => answer(await c.from('votes').insert({ idea_id: id }).select().single()),
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
  })

  test.each(WHO)('commenting, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) => answer(await c.from('comments').insert({ idea_id: id, body: 'Hallo' })),
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
    expect(r.hidden.error).not.toBeNull()
  })

  test.each(WHO)('following, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) => answer(await c.from('follows').insert({ idea_id: id })),
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
    expect(r.hidden.error).not.toBeNull()
  })

  test.each(WHO)('reporting the idea, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) =>
        answer(await c.from('reports').insert({ idea_id: id, reason: 'Dit is reclame.' })),
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
    expect(r.hidden.error).not.toBeNull()
  })

  test.each(WHO)('reading the idea, its card, comments and answers, as %s', async (who) => {
    const r = await both(
      who,
      async (c, id) => {
        const reads = await Promise.all([
          c.from('ideas').select('id').eq('id', id),
          c.from('idea_cards').select('id').eq('id', id),
          c.from('comments').select('id').eq('idea_id', id),
          c.from('idea_updates').select('id').eq('idea_id', id),
          c.from('ideas').select('id').eq('id', id).maybeSingle(),
        ])
        return { status: 200, error: null, data: reads.map(answer) }
      },
      hiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
  })

  test.each(['resident', 'partner'] as const)(
    'changing, deleting or un-voting the idea, as %s',
    async (who) => {
      const r = await both(
        who,
        async (c, id) => {
          const writes = [
            await c.from('ideas').update({ title: 'Een nieuwe titel' }).eq('id', id).select('id'),
            await c.from('ideas').delete().eq('id', id).select('id'),
            await c.from('votes').delete().eq('idea_id', id).select('idea_id'),
            await c.from('follows').delete().eq('idea_id', id).select('id'),
          ]
          return { status: 200, error: null, data: writes.map(answer) }
        },
        hiddenIdea,
      )
      expect(r.hidden).toEqual(r.missing)
      expect((await sql('select title from public.ideas where id = $1', [hiddenIdea]))[0]).toEqual({
        title: 'Een bankje bij de speeltuin',
      })
    },
  )
})

describe('denied: a comment one may not see answers exactly like one that does not exist', () => {
  test.each(WHO)(
    'replying to a comment of a hidden idea, under a visible idea, as %s',
    async (who) => {
      const r = await both(
        who,
        replyUnder(() => visibleIdea),
        commentOnHiddenIdea,
      )
      expect(r.hidden).toEqual(r.missing)
      if (who !== 'anon') {
        expect(r.hidden).toMatchObject({
          status: 409,
          error: { code: '23503', message: 'comment_not_found' },
        })
      }
    },
  )

  test.each(WHO)('replying to a comment of a hidden idea, under that idea, as %s', async (who) => {
    const r = await both(
      who,
      replyUnder((id) => (id === commentOnHiddenIdea ? hiddenIdea : randomUUID())),
      commentOnHiddenIdea,
    )
    expect(r.hidden).toEqual(r.missing)
  })

  test.each(WHO)('replying to a hidden comment, as %s', async (who) => {
    const r = await both(
      who,
      replyUnder(() => visibleIdea),
      hiddenComment,
    )
    expect(r.hidden).toEqual(r.missing)
    expect(r.hidden.error).not.toBeNull()
  })

  test.each(WHO)('reporting a comment of a hidden idea or a hidden comment, as %s', async (who) => {
    for (const target of [commentOnHiddenIdea, hiddenComment]) {
      const r = await both(
        who,
        async (c, id) =>
          answer(await c.from('reports').insert({ comment_id: id, reason: 'Dit is reclame.' })),
        target,
      )
      expect(r.hidden).toEqual(r.missing)
      expect(r.hidden.error).not.toBeNull()
    }
  })

  test('nothing of it was stored', async () => {
    expect(
      await sql('select id from public.comments where parent_id = any($1::uuid[])', [
        [commentOnHiddenIdea, hiddenComment],
      ]),
    ).toEqual([])
    expect(
      await sql(
        'select id from public.reports where idea_id = $1 or comment_id = any($2::uuid[])',
        [hiddenIdea, [commentOnHiddenIdea, hiddenComment]],
      ),
    ).toEqual([])
    expect(
      await sql('select user_id from public.follows where idea_id = $1', [hiddenIdea]),
    ).toEqual([{ user_id: author.id }])
  })
})

describe('allowed: the author and the team keep their answers', () => {
  test('the author, a moderator and an admin hear why they cannot vote: it is hidden', async () => {
    for (const who of [author, moderator, admin]) {
      const res = await who.client.from('votes').insert({ idea_id: hiddenIdea })
      expect(res.status).toBe(400)
      expect(res.error).toMatchObject({
        code: 'P0001',
        message: 'idea_not_votable: hidden',
        hint: 'idea_not_votable',
      })
      // An id that does not exist is "not found" for them too.
      const missing = await who.client.from('votes').insert({ idea_id: randomUUID() })
      expect(missing.error).toMatchObject({ code: '23503', message: 'idea_not_found' })
    }
  })

  test('the team follows and reports a hidden idea; the author comments on it', async () => {
    expect(
      (await moderator.client.from('follows').insert({ idea_id: hiddenIdea })).error,
    ).toBeNull()
    expect(
      (
        await admin.client
          .from('reports')
          .insert({ idea_id: hiddenIdea, reason: 'Nog eens kijken.' })
      ).error,
    ).toBeNull()
    expect(
      (
        await author.client
          .from('comments')
          .insert({ idea_id: hiddenIdea, body: 'Ik pas het aan.' })
      ).error,
    ).toBeNull()
  })

  test('replies: the team and the author of a hidden comment may reply to what they see', async () => {
    const onHidden = await moderator.client
      .from('comments')
      .insert({ idea_id: hiddenIdea, parent_id: commentOnHiddenIdea, body: 'Van het team.' })
    expect(onHidden.error).toBeNull()
    const own = await commenter.client
      .from('comments')
      .insert({ idea_id: visibleIdea, parent_id: hiddenComment, body: 'Sorry, dat was fout.' })
    expect(own.error).toBeNull()
    // A parent the caller sees, on another idea, is still refused with its own reason.
    const otherIdea = await moderator.client
      .from('comments')
      .insert({ idea_id: visibleIdea, parent_id: commentOnHiddenIdea, body: 'Fout idee.' })
    expect(otherIdea.error).toMatchObject({ code: 'P0001', message: 'comment_parent_other_idea' })
  })

  test('visible ideas still take votes, and closed ones still say why', async () => {
    const me = await createUser()
    expect((await me.client.from('votes').insert({ idea_id: visibleIdea })).error).toBeNull()
    const closed = await arrangeIdea(author.id, { status: 'done' })
    expect((await me.client.from('votes').insert({ idea_id: closed })).error).toMatchObject({
      code: 'P0001',
      message: 'idea_not_votable: closed',
    })
  })
})
