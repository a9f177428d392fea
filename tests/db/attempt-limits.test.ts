// The per-person limits count what people did, not what still exists: deleting an idea, a vote or
// a partner request does not give the allowance back. Through PostgREST with real JWTs; SQL only
// to arrange the record of earlier attempts and to look at what was stored.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { runDigest } from '../../scripts/digest.ts'
import { reasonFor } from '@/api/errors'
import { sql, stackInfo } from '../support/clients.ts'
import { SEED, arrangeIdea, createUser, ideaInput, type TestUser } from '../support/users.ts'

const LOCALES = ['nl', 'en', 'tr', 'ar', 'pl']
const messages = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    (
      JSON.parse(
        readFileSync(join(import.meta.dirname, '../../src/i18n/locales', `${l}.json`), 'utf8'),
      ) as { errors: Record<string, string> }
    ).errors,
  ]),
)

/** The refusal is `rate_limited: <kind>` and has a plain text in every language. */
function expectRefused(error: unknown, kind: string) {
  expect(error).toMatchObject({ message: `rate_limited: ${kind}`, hint: 'rate_limited' })
  const reason = reasonFor(error)
  expect(reason, kind).toMatch(/^limit/)
  for (const l of LOCALES) expect(messages[l][reason], `${l}: errors.${reason}`).toBeTruthy()
}

const count = async (query: string, params: unknown[]) =>
  Number((await sql<{ n: string }>(query, params))[0].n)

/** Puts `n` earlier attempts of a kind in the record, as if the person had made them just now. */
async function arrangeAttempts(userId: string, action: string, n: number, ideaId?: string) {
  await sql(
    `insert into private.attempts (user_id, action, idea_id) select $1, $2, $3 from generate_series(1, $4)`,
    [userId, action, ideaId ?? null, n],
  )
}

/** Runs one statement as the API role `authenticated`, in a transaction that is rolled back. */
async function asAuthenticated(statement: string) {
  const db = new pg.Client({ connectionString: stackInfo().dbUrl })
  await db.connect()
  try {
    await db.query('begin')
    await db.query('set local role authenticated')
    return await db.query(statement)
  } finally {
    await db.query('rollback').catch(() => undefined)
    await db.end()
  }
}

const newIdea = (client: SupabaseClient, title: string) =>
  client.rpc('submit_idea', { id: randomUUID(), ...ideaInput({ title }), lat: null, lng: null })

describe('limits that deletes do not undo', () => {
  test('posting and withdrawing an idea in a loop stops at the hourly limit', async () => {
    const me = await createUser()
    for (let i = 1; i <= 5; i++) {
      const posted = await newIdea(me.client, `Idee in een lus ${i}`)
      expect(posted.error, `idea ${i}`).toBeNull()
      const id = (posted.data as { id: string }).id
      expect((await me.client.rpc('withdraw_idea', { idea_id: id })).error).toBeNull()
    }
    const standing =
      'select count(*) n from public.ideas where author_id = $1 and withdrawn_at is null'
    expect(await count(standing, [me.id])).toBe(0)
    const sixth = await newIdea(me.client, 'Idee in een lus 6')
    expectRefused(sixth.error, 'ideas')
    expect(await count(standing, [me.id])).toBe(0)
  })

  test('a retry of a saved idea still passes at the limit, and costs no attempt', async () => {
    const me = await createUser()
    const args = { id: randomUUID(), ...ideaInput(), lat: null, lng: null }
    expect((await me.client.rpc('submit_idea', args)).error).toBeNull()
    await arrangeAttempts(me.id, 'ideas', 4)
    const retry = await me.client.rpc('submit_idea', args).single()
    expect(retry.error).toBeNull()
    expect(retry.data).toMatchObject({ id: args.id, author_id: me.id })
    expectRefused((await newIdea(me.client, 'Nog een nieuw idee')).error, 'ideas')
    expect(
      await count(
        `select count(*) n from private.attempts where user_id = $1 and action = 'ideas'`,
        [me.id],
      ),
    ).toBe(5)
  })

  test('voting and unvoting one idea stops after 10 changes an hour; other ideas still take votes', async () => {
    const me = await createUser()
    const [idea, other] = await Promise.all([arrangeIdea(null), arrangeIdea(null)])
    for (let i = 0; i < 5; i++) {
      expect(
        (await me.client.from('votes').insert({ idea_id: idea })).error,
        `vote ${i}`,
      ).toBeNull()
      expect(
        (await me.client.from('votes').delete().eq('idea_id', idea)).error,
        `unvote ${i}`,
      ).toBeNull()
    }
    expectRefused(
      (await me.client.from('votes').insert({ idea_id: idea })).error,
      'vote_changes_per_idea',
    )
    expect(await count('select vote_count n from public.ideas where id = $1', [idea])).toBe(0)
    expect((await me.client.from('votes').insert({ idea_id: other })).error).toBeNull()
  })

  test('taking a vote back counts too, so a loop cannot end on a free withdrawal', async () => {
    const me = await createUser()
    const idea = await arrangeIdea(null)
    expect((await me.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
    await arrangeAttempts(me.id, 'vote_changes_per_idea', 9, idea)
    const unvote = await me.client.from('votes').delete().eq('idea_id', idea)
    expectRefused(unvote.error, 'vote_changes_per_idea')
    expect(await count('select vote_count n from public.ideas where id = $1', [idea])).toBe(1)
  })

  test('sending and taking back a partner request in a loop stops at 3 a day', async () => {
    const me = await createUser()
    for (let i = 1; i <= 3; i++) {
      const sent = await me.client
        .from('partner_requests')
        .insert({ id: randomUUID(), organisation_id: SEED.organisations.lumens })
        .select('id')
        .single()
      expect(sent.error, `request ${i}`).toBeNull()
      const id = (sent.data as { id: string }).id
      expect((await me.client.from('partner_requests').delete().eq('id', id)).error).toBeNull()
    }
    const fourth = await me.client
      .from('partner_requests')
      .insert({ organisation_id: SEED.organisations.lumens })
    expectRefused(fourth.error, 'partner_requests')
  })

  test('joining and leaving a coalition in a loop stops at 10 a day', async () => {
    const me = await createUser()
    const join = () =>
      me.client
        .from('coalition_members')
        .insert({ coalition_id: SEED.coalitions.groen, profile_id: me.id, member_kind: 'resident' })
    for (let i = 1; i <= 10; i++) {
      expect((await join()).error, `join ${i}`).toBeNull()
      expect(
        (await me.client.from('coalition_members').delete().eq('profile_id', me.id)).error,
      ).toBeNull()
    }
    expectRefused((await join()).error, 'coalition_joins')
  })

  // Each kind at its limit, arranged in the record: the next one is refused and nothing is stored.
  const kinds: {
    kind: string
    max: number
    act: (me: TestUser, idea: string) => PromiseLike<{ error: unknown }>
    stored: string
  }[] = [
    {
      kind: 'comments',
      max: 30,
      act: (me, idea) => me.client.from('comments').insert({ idea_id: idea, body: 'Nog één' }),
      stored: 'select count(*) n from public.comments where author_id = $1',
    },
    {
      kind: 'reports',
      max: 10,
      act: (me, idea) => me.client.from('reports').insert({ idea_id: idea, reason: 'Reclame' }),
      stored: 'select count(*) n from public.reports where reporter_id = $1',
    },
    {
      kind: 'follows',
      max: 100,
      act: (me, idea) => me.client.from('follows').insert({ idea_id: idea }),
      stored: 'select count(*) n from public.follows where user_id = $1',
    },
    {
      kind: 'votes',
      max: 120,
      act: (me, idea) => me.client.from('votes').insert({ idea_id: idea }),
      stored: 'select count(*) n from public.votes where user_id = $1',
    },
    {
      kind: 'vote_changes',
      max: 300,
      act: (me, idea) => me.client.from('votes').insert({ idea_id: idea }),
      stored: 'select count(*) n from public.votes where user_id = $1',
    },
  ]
  test.each(kinds)('$kind: one below the limit passes, at the limit it is refused', async (k) => {
    const [below, at] = await Promise.all([createUser(), createUser()])
    const idea = await arrangeIdea(null)
    await Promise.all([
      arrangeAttempts(below.id, k.kind, k.max - 1),
      arrangeAttempts(at.id, k.kind, k.max),
    ])
    expect((await k.act(below, idea)).error).toBeNull()
    expectRefused((await k.act(at, idea)).error, k.kind)
    expect(await count(k.stored, [at.id])).toBe(0)
  })

  test('attempts older than their window do not count', async () => {
    const me = await createUser()
    await sql(
      `insert into private.attempts (user_id, action, at) select $1, 'ideas', now() - interval '61 minutes' from generate_series(1, 5)`,
      [me.id],
    )
    expect((await newIdea(me.client, 'Een idee na een uur')).error).toBeNull()
  })
})

test('every kind in private.limits has its own refusal text in every language', async () => {
  const kinds = await sql<{ action: string }>('select action from private.limits order by action')
  expect(kinds.length).toBeGreaterThanOrEqual(9)
  for (const { action } of kinds)
    expectRefused(
      { code: 'P0001', message: `rate_limited: ${action}`, hint: 'rate_limited' },
      action,
    )
})

describe('who is counted', () => {
  test("the team's post-it entry has no per-person limit", async () => {
    const team = await createUser({ role: 'moderator' })
    for (let i = 1; i <= 7; i++) {
      const recorded = await team.client.rpc('record_offline_idea', {
        id: randomUUID(),
        ...ideaInput({ title: `Post-it nummer ${i}` }),
        channel: 'paper',
      })
      expect(recorded.error, `post-it ${i}`).toBeNull()
    }
    expect(
      await count('select count(*) n from private.attempts where user_id = $1', [team.id]),
    ).toBe(0)
  })

  test('a moderator adding someone to a coalition is not a join of theirs', async () => {
    const [team, resident] = await Promise.all([createUser({ role: 'moderator' }), createUser()])
    await arrangeAttempts(team.id, 'coalition_joins', 10)
    const added = await team.client.from('coalition_members').insert({
      coalition_id: SEED.coalitions.groen,
      profile_id: resident.id,
      member_kind: 'resident',
    })
    expect(added.error).toBeNull()
  })

  test('the record is neither readable nor writable through the API or as an API role', async () => {
    const me = await createUser()
    await arrangeAttempts(me.id, 'ideas', 1)
    const viaApi = await me.client.schema('private').from('attempts').select('*')
    expect(viaApi.data).toBeNull()
    expect(viaApi.error).not.toBeNull()
    for (const statement of [
      'select * from private.attempts',
      `insert into private.attempts (user_id, action) values ('${me.id}', 'ideas')`,
      'delete from private.attempts',
      `update private.attempts set at = now() - interval '1 day'`,
      'truncate private.attempts',
    ]) {
      await expect(asAuthenticated(statement), statement).rejects.toThrow(/permission denied/)
    }
    expect(await count('select count(*) n from private.attempts where user_id = $1', [me.id])).toBe(
      1,
    )
  })

  test('the person finds their own recent attempts in their export, and nobody else’s', async () => {
    const [me, other] = await Promise.all([createUser(), createUser()])
    await arrangeAttempts(me.id, 'ideas', 2)
    await arrangeAttempts(other.id, 'comments', 3)
    const { data, error } = await me.client.rpc('export_my_data')
    expect(error).toBeNull()
    const actions = (data as { recent_actions: { action: string }[] }).recent_actions
    expect(actions.map((a) => a.action)).toEqual(['ideas', 'ideas'])
  })

  test('forget_old_attempts deletes only what is past its own window', async () => {
    const me = await createUser()
    await sql(
      `insert into private.attempts (user_id, action, at) values
         ($1, 'ideas', now() - interval '2 hours'),
         ($1, 'ideas', now() - interval '10 minutes'),
         ($1, 'partner_requests', now() - interval '2 hours')`,
      [me.id],
    )
    await sql('select private.forget_old_attempts()')
    const left = await sql<{ action: string }>(
      'select action from private.attempts where user_id = $1 order by action',
      [me.id],
    )
    expect(left.map((r) => r.action)).toEqual(['ideas', 'partner_requests'])
  })

  test('the hourly digest job clears what is past its window', async () => {
    const me = await createUser()
    await sql(
      `insert into private.attempts (user_id, action, at) values ($1, 'comments', now() - interval '3 hours')`,
      [me.id],
    )
    const { apiUrl, serviceRoleKey } = stackInfo()
    await runDigest({ apiUrl, serviceRoleKey, log: () => {} })
    expect(await count('select count(*) n from private.attempts where user_id = $1', [me.id])).toBe(
      0,
    )
  })
})
