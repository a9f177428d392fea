// Ideas that came in on paper, at a meeting or by phone: the team records them with
// record_offline_idea. They have no author account, say how they came in, get the same trail as
// every idea, and only the team can make one. Through PostgREST with real JWTs; SQL only to inspect.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { createUser, ideaInput, SEED, type TestUser } from '../support/users.ts'

let moderator: TestUser
let resident: TestUser
let partner: TestUser

beforeAll(async () => {
  ;[moderator, resident, partner] = await Promise.all([
    createUser({ role: 'moderator' }),
    createUser(),
    createUser({ role: 'partner' }),
  ])
})

const offline = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  ...ideaInput({
    title: 'Een bankje bij de bushalte',
    body: 'Op een post-it bij de koffieochtend: oudere buren willen kunnen zitten bij de bus.',
  }),
  channel: 'paper',
  ...overrides,
})
const record = (client: SupabaseClient, args: Record<string, unknown>) =>
  client.rpc('record_offline_idea', args as never)

describe('allowed: the team records an idea from a post-it', () => {
  test('without an author, with how it came in and who typed it, in the log, visible to all', async () => {
    const args = offline()
    const { data, error } = await record(moderator.client, args)
    expect(error).toBeNull()
    expect(data).toMatchObject({
      id: args.id,
      author_id: null,
      channel: 'paper',
      recorded_by: moderator.id,
      status: 'new',
    })
    const [log] = await sql(
      `select action, actor_id, details from public.moderation_log where target_id = $1`,
      [args.id],
    )
    expect(log).toMatchObject({
      action: 'record_offline',
      actor_id: moderator.id,
      details: { channel: 'paper' },
    })
    const card = await anonClient()
      .from('idea_cards')
      .select('id, author_name, channel')
      .eq('id', args.id)
    expect(card.data).toEqual([{ id: args.id, author_name: null, channel: 'paper' }])
  })

  test('a retried request stores the idea once', async () => {
    const args = offline({ channel: 'meeting' })
    const [a, b] = await Promise.all([
      record(moderator.client, args),
      record(moderator.client, args),
    ])
    expect(a.error).toBeNull()
    expect(b.error).toBeNull()
    const again = await record(moderator.client, args)
    expect(again.error).toBeNull()
    const rows = await sql('select 1 from public.ideas where id = $1', [args.id])
    expect(rows).toHaveLength(1)
  })

  test('a stack of post-its is not stopped by the per-person limit of ideas', async () => {
    for (let i = 0; i < 8; i++) {
      const { error } = await record(moderator.client, offline({ channel: 'phone' }))
      expect(error, `post-it ${i + 1}`).toBeNull()
    }
  })
})

describe('denied', () => {
  test('residents, partners and visitors cannot record one', async () => {
    for (const [who, client] of [
      ['resident', resident.client],
      ['partner', partner.client],
      ['anon', anonClient()],
    ] as const) {
      const args = offline()
      const { error } = await record(client, args)
      expect(error, who).not.toBeNull()
      expect(error!.code, who).toBe('42501')
      expect(await sql('select 1 from public.ideas where id = $1', [args.id]), who).toHaveLength(0)
    }
  })

  test('a resident cannot pose as an offline idea through the table', async () => {
    const id = randomUUID()
    const { error } = await resident.client
      .from('ideas')
      .insert({ id, ...ideaInput(), channel: 'paper' } as never)
    expect(error?.code).toBe('42501')
    expect(await sql('select 1 from public.ideas where id = $1', [id])).toHaveLength(0)
    const own = await resident.client
      .from('ideas')
      .insert({ id, ...ideaInput() })
      .select('channel, recorded_by')
      .single()
    expect(own.error).toBeNull()
    expect(own.data).toEqual({ channel: 'app', recorded_by: null })
    const change = await resident.client
      .from('ideas')
      .update({ channel: 'paper' } as never)
      .eq('id', id)
    expect(change.error?.code).toBe('42501')
  })

  test("'app' is not an offline channel, and the usual checks on title and body apply", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [offline({ channel: 'app' }), 'idea_channel_not_offline'],
      [offline({ title: 'Kort' }), 'ideas_title_length'],
      [offline({ body: 'Te kort.' }), 'ideas_body_length'],
    ]
    for (const [args, key] of cases) {
      const { error } = await record(moderator.client, args)
      expect(error, key).not.toBeNull()
      expect(`${error!.message} ${error!.details ?? ''}`, key).toContain(key)
      expect(await sql('select 1 from public.ideas where id = $1', [args.id]), key).toHaveLength(0)
    }
  })

  test("an id that is someone else's idea is refused, not taken over", async () => {
    const id = randomUUID()
    expect((await resident.client.from('ideas').insert({ id, ...ideaInput() })).error).toBeNull()
    const { error } = await record(moderator.client, offline({ id }))
    expect(error?.message).toBe('idea_id_taken')
    const [row] = await sql('select author_id, channel from public.ideas where id = $1', [id])
    expect(row).toEqual({ author_id: resident.id, channel: 'app' })
  })

  test('an offline idea cannot have an author', async () => {
    await expect(
      sql(
        `insert into public.ideas (title, body, kind, theme_id, neighbourhood_id, author_id, channel)
         values ('Een idee op papier', 'Dit idee kwam op papier binnen bij de koffie.', 'idea', $1, $2, $3, 'paper')`,
        [SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord, resident.id],
      ),
    ).rejects.toThrow(/ideas_offline_has_no_author/)
  })
})
