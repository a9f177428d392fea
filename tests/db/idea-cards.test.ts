// idea_cards and searchable_idea_cards, the views the idea lists read: the same rows as ideas for
// every reader (they are security_invoker, so the ideas policies apply), the author's public name
// joined in, nothing private from profiles, and no way to write through them. Through PostgREST
// with real JWTs; SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { IDEA_CARD } from '@/api/columns'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, SEED, type TestUser } from '../support/users.ts'

let author: TestUser
let other: TestUser
let partner: TestUser
let moderator: TestUser
let visible: string
let hidden: string
let byPartner: string
// A buurt of its own (created here), so that other test files' ideas never mix in.
let buurt: string

const VIEWS = ['idea_cards', 'searchable_idea_cards'] as const
const cardsIn = async (client: SupabaseClient, view: (typeof VIEWS)[number]) => {
  const { data, error } = await client
    .from(view)
    .select('id')
    .eq('neighbourhood_id', buurt)
    .order('created_at')
  expect(error).toBeNull()
  return data!.map((r) => r.id)
}
const ideasIn = async (client: SupabaseClient) => {
  const { data, error } = await client
    .from('ideas')
    .select('id')
    .eq('neighbourhood_id', buurt)
    .order('created_at')
  expect(error).toBeNull()
  return data!.map((r) => r.id)
}

beforeAll(async () => {
  ;[author, other, partner, moderator] = await Promise.all([
    createUser({ meta: { display_name: 'Sanne' } }),
    createUser(),
    createUser({ role: 'partner', meta: { display_name: 'Roy' } }),
    createUser({ role: 'moderator' }),
  ])
  buurt = randomUUID()
  await sql(
    `insert into public.neighbourhoods (id, slug, name, district) values ($1, $2, 'Kaartbuurt', 'Erp')`,
    [buurt, `kaart-${buurt.slice(0, 8)}`],
  )
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
  visible = await arrangeIdea(author.id, { neighbourhood_id: buurt, created_at: at(30) })
  hidden = await arrangeIdea(author.id, {
    neighbourhood_id: buurt,
    created_at: at(20),
    hidden_at: new Date().toISOString(),
    hidden_reason: 'Scheldwoord',
  })
  byPartner = await arrangeIdea(partner.id, { neighbourhood_id: buurt, created_at: at(10) })
})

describe('idea_cards', () => {
  test('shows every reader exactly the ideas they may see in ideas', async () => {
    const readers: [string, SupabaseClient, string[]][] = [
      ['anon', anonClient(), [visible, byPartner]],
      ['another resident', other.client, [visible, byPartner]],
      ['the author of the hidden idea', author.client, [visible, hidden, byPartner]],
      ['a moderator', moderator.client, [visible, hidden, byPartner]],
    ]
    for (const [who, client, expected] of readers) {
      expect(await ideasIn(client), who).toEqual(expected)
      for (const view of VIEWS)
        expect(await cardsIn(client, view), `${who}, ${view}`).toEqual(expected)
    }
  })

  test("joins the author's public name, the theme and the buurt, and nothing private", async () => {
    const { data, error } = await anonClient()
      .from('idea_cards')
      .select('*')
      .eq('neighbourhood_id', buurt)
      .order('created_at')
    expect(error).toBeNull()
    const [first, second] = data!
    expect(first).toMatchObject({
      id: visible,
      author_id: author.id,
      author_name: 'Sanne',
      author_organisation_id: null,
      theme_slug: 'fijne-buurt',
      neighbourhood_name: 'Kaartbuurt',
    })
    expect(second).toMatchObject({
      id: byPartner,
      author_name: 'Roy',
      author_organisation_id: SEED.organisations.woonbedrijf,
    })
    // The columns are the card's and no more: a private profile column added to the view later
    // (email, locale, own buurt) makes this fail. A search asks for all of them but the author and
    // coalition ids (IDEA_CARD), which the card does not show.
    const card = [
      'author_id',
      'author_name',
      'author_organisation_id',
      'body',
      'channel',
      'coalition_id',
      'comment_count',
      'created_at',
      'id',
      'kind',
      'neighbourhood_id',
      'neighbourhood_name',
      'status',
      'theme_id',
      'theme_slug',
      'title',
      'vote_count',
    ]
    expect(Object.keys(first).sort()).toEqual(card)
    expect(IDEA_CARD.split(', ').sort()).toEqual(
      card.filter((c) => c !== 'author_id' && c !== 'coalition_id'),
    )
    const searchable = await anonClient()
      .from('searchable_idea_cards')
      .select('*')
      .eq('id', visible)
    expect(Object.keys(searchable.data![0]).sort()).toEqual([...card, 'search'].sort())
  })

  test('keeps the idea of someone who deleted their account, without a name', async () => {
    const leaver = await createUser({ meta: { display_name: 'Vertrekker' } })
    const id = await arrangeIdea(leaver.id, { neighbourhood_id: buurt })
    expect((await leaver.client.rpc('delete_my_account')).error).toBeNull()
    const { data, error } = await anonClient()
      .from('idea_cards')
      .select('id, author_id, author_name')
      .eq('id', id)
    expect(error).toBeNull()
    expect(data).toEqual([{ id, author_id: null, author_name: null }])
  })

  test('can be searched like ideas', async () => {
    const id = await arrangeIdea(author.id, {
      neighbourhood_id: buurt,
      title: 'Meer groen op het plein',
      body: 'Het plein is heet in de zomer. Bomen en planten geven schaduw.',
    })
    const { data, error } = await anonClient()
      .from('searchable_idea_cards')
      .select('id')
      .eq('neighbourhood_id', buurt)
      .textSearch('search', 'bomen', { config: 'dutch' })
    expect(error).toBeNull()
    expect(data).toEqual([{ id }])
  })

  // Refused either for want of a grant (42501) or because a view over a join cannot take writes
  // (55000), whichever Postgres checks first; what matters is that nothing changes.
  const refused = ['42501', '55000']
  test('cannot be written through, by anyone', async () => {
    const count = async () =>
      Number(
        (await sql('select count(*) n from public.ideas where neighbourhood_id = $1', [buurt]))[0]
          .n,
      )
    const before = count()
    const title = async () =>
      (await sql<{ title: string }>('select title from public.ideas where id = $1', [visible]))[0]
        .title
    const titleBefore = await title()
    for (const [client, view] of [anonClient(), author.client, moderator.client].flatMap((c) =>
      VIEWS.map((v) => [c, v] as const),
    )) {
      const insert = await client.from(view).insert({
        title: 'Via de kaart erbij',
        body: 'Dit idee probeert via de lijst binnen te komen.',
        kind: 'idea',
        theme_id: SEED.themes.fijneBuurt,
        neighbourhood_id: buurt,
      })
      expect(refused).toContain(insert.error?.code)
      const update = await client.from(view).update({ title: 'Anders' }).eq('id', visible)
      expect(refused).toContain(update.error?.code)
      const remove = await client.from(view).delete().eq('id', visible)
      expect(refused).toContain(remove.error?.code)
    }
    expect(await count()).toBe(await before)
    expect(await title()).toBe(titleBefore)
    expect((await sql('select 1 from public.ideas where id = $1', [visible])).length).toBe(1)
  })
})
