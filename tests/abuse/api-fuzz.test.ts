// Bad input against the API, property-based: random and hostile values for ideas, comments,
// votes, reports and profiles always get a 4xx with a readable error (never a 5xx), and a refused
// request stores nothing. Accepted input is stored exactly as the database's rules say.
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../support/clients.ts'
import { SEED, arrangeIdea, createUser, type TestUser } from '../support/users.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 30)

/** Hostile text: unicode, right-to-left, emoji, zero-width, control characters, 1 MB. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    '    ',
    '\u0000null byte\u0000',
    '\ud800 lone surrogate',
    '\u202Eevil.exe\u202C en meer tekst voor de lengte',
    'مرحبا بالجيران، هذه فكرة جديدة للحي',
    '👨‍👩‍👧‍👦🏳️‍🌈'.repeat(40),
    '\u200B\u200C\u200D\uFEFF'.repeat(10),
    'x'.repeat(1_000_000),
    '<script>alert(1)</script> een idee met een script',
    "'; drop table public.ideas; --",
  ),
)
/** Values of the wrong type for a text or uuid field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)
const anyValue = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: wrongType },
)
const uuidish = fc.oneof(
  fc.uuid(),
  fc.constantFrom('not-a-uuid', '', '00000000-0000-0000-0000-000000000000', SEED.idea(1)),
  wrongType,
)
/** A record with some fields missing: fc.record with requiredKeys: [] drops keys at random. */
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] })

interface Outcome {
  status: number
  error: { message?: string; code?: string } | null
}

/** The invariant of every call: no 5xx, and a refusal carries a message a person can read. */
function expectSaneAnswer({ status, error }: Outcome, input: unknown) {
  const shown = JSON.stringify(input)?.slice(0, 300)
  expect(status, `5xx for ${shown}: ${JSON.stringify(error)}`).toBeLessThan(500)
  expect(status, `no answer for ${shown}`).toBeGreaterThanOrEqual(200)
  if (status >= 400) {
    expect(error, `4xx without an error body for ${shown}`).toBeTruthy()
    expect(String(error?.message ?? '').length, `empty error message for ${shown}`).toBeGreaterThan(
      0,
    )
  }
}

async function count(query: string, params: unknown[]): Promise<number> {
  return Number((await sql<{ n: string }>(query, params))[0].n)
}

const cleanLength = (v: unknown) =>
  typeof v === 'string' ? [...v.replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '')].length : -1

describe('bad input to the API', () => {
  let me: TestUser
  let other: TestUser
  let othersIdea: string

  beforeAll(async () => {
    ;[me, other] = await Promise.all([createUser(), createUser()])
    othersIdea = await arrangeIdea(other.id)
  })

  it('ideas: hostile fields never give a 5xx; a refused idea is not stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        partial({
          title: anyValue,
          body: anyValue,
          kind: fc.oneof(fc.constantFrom('idea', 'question', 'petition'), wrongType),
          theme_id: uuidish,
        }),
        fc.boolean(),
        async (fields, viaRpc) => {
          const user = await createUser()
          const id = randomUUID()
          const input = { id, neighbourhood_id: SEED.neighbourhoods.limbeekNoord, ...fields }
          const res = viaRpc
            ? await user.client.rpc('submit_idea', input)
            : await user.client.from('ideas').insert(input)
          expectSaneAnswer(res, input)
          const stored = await count('select count(*) n from public.ideas where author_id = $1', [
            user.id,
          ])
          if (res.status >= 400) expect(stored).toBe(0)
          else expect(stored).toBe(1)
          // Whatever the type games, a title outside 5..120 characters is never accepted.
          const tl = cleanLength(fields.title)
          if (typeof fields.title === 'string' && (tl < 5 || tl > 120))
            expect(res.status).toBeGreaterThanOrEqual(400)
          if (
            fields.title === undefined ||
            fields.body === undefined ||
            fields.theme_id === undefined
          ) {
            expect(res.status).toBeGreaterThanOrEqual(400)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('comments: hostile bodies, ideas and parents never give a 5xx; refused comments are not stored', async () => {
    const ideaId = await arrangeIdea(other.id)
    await fc.assert(
      fc.asyncProperty(
        partial({
          body: anyValue,
          idea_id: fc.oneof(fc.constant(ideaId), uuidish),
          parent_id: uuidish,
        }),
        async (fields) => {
          const before = await count(
            'select count(*) n from public.comments where author_id = $1',
            [me.id],
          )
          const res = await me.client.from('comments').insert(fields)
          expectSaneAnswer(res, fields)
          const after = await count('select count(*) n from public.comments where author_id = $1', [
            me.id,
          ])
          expect(after - before).toBe(res.status >= 400 ? 0 : 1)
          if (
            typeof fields.body === 'string' &&
            (cleanLength(fields.body) < 1 || cleanLength(fields.body) > 2000)
          ) {
            expect(res.status).toBeGreaterThanOrEqual(400)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('votes: hostile idea ids and extra fields never give a 5xx; refused votes are not stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        partial({
          idea_id: uuidish,
          user_id: fc.oneof(fc.constant(other.id), uuidish),
          created_at: anyValue,
        }),
        async (fields) => {
          const user = await createUser()
          const res = await user.client.from('votes').insert(fields)
          expectSaneAnswer(res, fields)
          const stored = await count(
            'select count(*) n from public.votes where user_id = $1 or user_id::text = $2',
            [
              user.id,
              // Only a string can name a stored user; fast-check's dictionaries have no prototype.
              typeof fields.user_id === 'string' ? fields.user_id : '',
            ],
          )
          if (res.status >= 400) expect(stored).toBe(0)
          // Nobody votes in someone else's name, nor backdates a vote.
          if ('user_id' in fields || 'created_at' in fields)
            expect(res.status).toBeGreaterThanOrEqual(400)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('reports: hostile reasons and targets never give a 5xx; refused reports are not stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        partial({
          reason: anyValue,
          idea_id: fc.oneof(fc.constant(othersIdea), uuidish),
          comment_id: uuidish,
          resolved_at: anyValue,
        }),
        async (fields) => {
          const user = await createUser()
          const res = await user.client.from('reports').insert(fields)
          expectSaneAnswer(res, fields)
          const stored = await count(
            'select count(*) n from public.reports where reporter_id = $1',
            [user.id],
          )
          expect(stored).toBe(res.status >= 400 ? 0 : 1)
          if ('resolved_at' in fields) expect(res.status).toBeGreaterThanOrEqual(400)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('profiles: hostile names, languages and roles never give a 5xx; a refused change changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        partial({
          display_name: anyValue,
          locale: fc.oneof(fc.constantFrom('nl', 'ar', 'xx'), wrongType),
          role: fc.constantFrom('admin', 'moderator'),
          neighbourhood_id: uuidish,
        }),
        async (fields) => {
          const before = await sql(
            'select display_name, locale, role, neighbourhood_id from public.profiles where id = $1',
            [me.id],
          )
          const res = await me.client
            .from('profiles')
            .update(fields)
            .eq('id', me.id)
            .select('id')
            .single()
          expectSaneAnswer(res, fields)
          const after = await sql(
            'select display_name, locale, role, neighbourhood_id from public.profiles where id = $1',
            [me.id],
          )
          if (res.status >= 400) expect(after).toEqual(before)
          // Nobody makes themselves a moderator.
          expect(after[0].role).toBe('resident')
          if ('role' in fields) expect(res.status).toBeGreaterThanOrEqual(400)
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe("someone else's ids", () => {
  let me: TestUser
  let other: TestUser

  beforeAll(async () => {
    ;[me, other] = await Promise.all([createUser(), createUser()])
  })

  it("refuses an idea saved under another person's idea id, and leaves that idea alone", async () => {
    const theirs = await arrangeIdea(other.id, { title: 'Het idee van de buurvrouw' })
    const res = await me.client.rpc('submit_idea', {
      id: theirs,
      title: 'Mijn kaping van haar idee',
      body: 'Dit zou het idee van de buurvrouw moeten overschrijven, maar dat mag niet.',
      kind: 'idea',
      theme_id: SEED.themes.fijneBuurt,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    expect(res.status).toBe(409)
    expect(res.error?.message).toMatch(/idea_id_taken/)
    expect(
      (await sql('select title, author_id from public.ideas where id = $1', [theirs]))[0],
    ).toEqual({
      title: 'Het idee van de buurvrouw',
      author_id: other.id,
    })
  })

  it('refuses rows written in the name of someone else', async () => {
    const idea = await arrangeIdea(other.id)
    const attempts = [
      await me.client.from('ideas').insert({
        author_id: other.id,
        title: 'Namens een ander',
        body: 'Dit idee staat op naam van iemand anders.',
        theme_id: SEED.themes.fijneBuurt,
        neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
      }),
      await me.client.from('votes').insert({ idea_id: idea, user_id: other.id }),
      await me.client
        .from('comments')
        .insert({ idea_id: idea, author_id: other.id, body: 'Namens een ander' }),
      await me.client
        .from('reports')
        .insert({ idea_id: idea, reporter_id: other.id, reason: 'Namens een ander' }),
    ]
    for (const res of attempts) {
      expectSaneAnswer(res, 'impersonation')
      expect(res.status).toBeGreaterThanOrEqual(400)
    }
    expect(
      await count('select count(*) n from public.ideas where title = $1', ['Namens een ander']),
    ).toBe(0)
    expect(await count('select count(*) n from public.votes where idea_id = $1', [idea])).toBe(0)
    expect(await count('select count(*) n from public.comments where idea_id = $1', [idea])).toBe(0)
    expect(await count('select count(*) n from public.reports where idea_id = $1', [idea])).toBe(0)
  })

  it("changes nothing of another person's idea, comment, notification or profile (406: no row of yours)", async () => {
    const idea = await arrangeIdea(other.id, { title: 'Blijft zoals het is' })
    const [{ id: comment }] = await sql<{ id: string }>(
      `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Origineel') returning id`,
      [idea, other.id],
    )
    const [{ id: note }] = await sql<{ id: string }>(
      `insert into public.notifications (user_id, kind, idea_id) values ($1, 'status_update', $2) returning id`,
      [other.id, idea],
    )
    const attempts = [
      await me.client
        .from('ideas')
        .update({ title: 'Overgenomen titel' })
        .eq('id', idea)
        .select('id')
        .single(),
      await me.client
        .from('comments')
        .update({ body: 'Overgenomen' })
        .eq('id', comment)
        .select('id')
        .single(),
      await me.client
        .from('notifications')
        .update({ read_at: new Date().toISOString() })
        .eq('id', note)
        .select('id')
        .single(),
      await me.client
        .from('profiles')
        .update({ display_name: 'Overgenomen' })
        .eq('id', other.id)
        .select('id')
        .single(),
      await me.client.from('ideas').delete().eq('id', idea).select('id').single(),
      await me.client.from('notifications').delete().eq('id', note).select('id').single(),
    ]
    for (const res of attempts) {
      expectSaneAnswer(res, 'someone else')
      expect(res.status).toBeGreaterThanOrEqual(400)
    }
    expect((await sql('select title from public.ideas where id = $1', [idea]))[0].title).toBe(
      'Blijft zoals het is',
    )
    expect((await sql('select body from public.comments where id = $1', [comment]))[0].body).toBe(
      'Origineel',
    )
    expect(
      (await sql('select read_at from public.notifications where id = $1', [note]))[0].read_at,
    ).toBeNull()
    expect(
      (await sql('select display_name from public.profiles where id = $1', [other.id]))[0]
        .display_name,
    ).not.toBe('Overgenomen')
  })
})
