// The business rules for ideas, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { anonClient, sql } from '../../support/clients.ts'
import { arrangeIdea, createUser, createUsers, ideaInput, SEED } from '../../support/users.ts'

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()

describe('ideas', () => {
  test('insert trims, checks lengths and location, and forces author and status', async () => {
    const me = await createUser()
    const id = randomUUID()
    const ok = await me.client
      .from('ideas')
      .insert(ideaInput({ id, title: '  Meer groen in de straat  ', lat: 51.45, lng: 5.47 }))
      .select('author_id, status, title, vote_count')
      .single()
    expect(ok.error).toBeNull()
    expect(ok.data).toMatchObject({
      author_id: me.id,
      status: 'new',
      title: 'Meer groen in de straat',
      vote_count: 0,
    })
    const short = await me.client.from('ideas').insert(ideaInput({ title: '  Kort ' }))
    expect(short.error).toMatchObject({ code: '23514' })
    expect(short.error!.message).toContain('ideas_title_length')
    expect(
      (await me.client.from('ideas').insert(ideaInput({ body: 'te kort' }))).error!.message,
    ).toContain('ideas_body_length')
    expect(
      (await me.client.from('ideas').insert(ideaInput({ lat: 52.37, lng: 4.89 }))).error!.message,
    ).toBe('location_outside_area')
    expect((await me.client.from('ideas').insert(ideaInput({ status: 'done' }))).error?.code).toBe(
      '42501',
    )
    expect(
      (await me.client.from('ideas').insert(ideaInput({ author_id: SEED.users.bewoner }))).error
        ?.code,
    ).toBe('42501')
    // A retry with the same id is a unique violation, never a duplicate.
    expect((await me.client.from('ideas').insert(ideaInput({ id }))).error?.code).toBe('23505')
  })

  test("submit_idea is idempotent for the same author and refuses someone else's id", async () => {
    const [me, other] = await createUsers(2)
    const id = randomUUID()
    const args = {
      id,
      title: 'Een moestuin voor de buurt',
      body: 'Op het lege veld kan een moestuin komen voor iedereen.',
      kind: 'initiative',
      theme_id: SEED.themes.samenLeven,
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    }
    const first = await me.client.rpc('submit_idea', args).single()
    const again = await me.client.rpc('submit_idea', args).single()
    expect(first.error).toBeNull()
    expect(again.data).toEqual(first.data)
    expect((await sql('select count(*)::int n from public.ideas where id = $1', [id]))[0].n).toBe(1)
    const theirs = await other.client.rpc('submit_idea', args)
    expect(theirs.error).toMatchObject({ code: '23505', message: 'idea_id_taken' })
    expect((await anonClient().rpc('submit_idea', args)).error).not.toBeNull()
  })

  test('authors edit title and body within 24 hours while new; never status or counts', async () => {
    const me = await createUser()
    const fresh = await arrangeIdea(me.id)
    expect(
      (await me.client.from('ideas').update({ title: 'Een betere titel' }).eq('id', fresh)).error,
    ).toBeNull()
    expect(
      (await me.client.from('ideas').update({ status: 'done' }).eq('id', fresh)).error?.code,
    ).toBe('42501')
    expect(
      (await me.client.from('ideas').update({ vote_count: 99 }).eq('id', fresh)).error?.code,
    ).toBe('42501')
    const old = await arrangeIdea(me.id, { created_at: hoursAgo(25) })
    expect(
      (await me.client.from('ideas').update({ title: 'Te laat aangepast' }).eq('id', old)).error
        ?.message,
    ).toBe('idea_edit_window_closed')
    const reviewed = await arrangeIdea(me.id, { status: 'in_review' })
    expect(
      (
        await me.client
          .from('ideas')
          .update({ body: 'Een nieuwe tekst die lang genoeg is.' })
          .eq('id', reviewed)
      ).error?.message,
    ).toBe('idea_edit_not_new')
    expect((await sql('select title from public.ideas where id = $1', [old]))[0].title).not.toBe(
      'Te laat aangepast',
    )
  })

  test('withdraw only while new and nobody else voted; never by deleting', async () => {
    const [me, voter] = await createUsers(2)
    const withdrawn = async (id: string) =>
      (await sql('select withdrawn_at from public.ideas where id = $1', [id]))[0].withdrawn_at
    const ownVoteOnly = await arrangeIdea(me.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [ownVoteOnly, me.id])
    expect((await me.client.from('ideas').delete().eq('id', ownVoteOnly)).error?.code).toBe('42501')
    expect(await withdrawn(ownVoteOnly)).toBeNull()
    expect((await me.client.rpc('withdraw_idea', { idea_id: ownVoteOnly })).error).toBeNull()
    expect(await withdrawn(ownVoteOnly)).not.toBeNull()
    const voted = await arrangeIdea(me.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [voted, voter.id])
    expect((await me.client.rpc('withdraw_idea', { idea_id: voted })).error?.message).toBe(
      'idea_withdraw_has_votes',
    )
    const reviewed = await arrangeIdea(me.id, { status: 'in_review' })
    expect((await me.client.rpc('withdraw_idea', { idea_id: reviewed })).error?.message).toBe(
      'idea_withdraw_not_new',
    )
    expect(await withdrawn(voted)).toBeNull()
    expect(await withdrawn(reviewed)).toBeNull()
  })

  test('full-text search works through PostgREST with the dutch config', async () => {
    const { data, error } = await anonClient()
      .from('ideas')
      .select('id, title')
      .textSearch('search', 'bomen schaduw', { config: 'dutch', type: 'websearch' })
    expect(error).toBeNull()
    expect(data!.map((r) => r.id)).toContain(SEED.idea(3))
    const none = await anonClient()
      .from('ideas')
      .select('id')
      .textSearch('search', 'xyzzyplugh', { config: 'dutch', type: 'websearch' })
    expect(none.data).toEqual([])
  })

  test('similar_ideas suggests visible open ideas that look like a draft title', async () => {
    const { data, error } = await anonClient().rpc('similar_ideas', {
      draft_title: 'Bankjes op het plein',
      max: 5,
    })
    expect(error).toBeNull()
    const ids = data!.map((r: { id: string }) => r.id)
    expect(ids).toContain(SEED.idea(1))
    expect(ids).not.toContain(SEED.idea(21)) // merged
    const hidden = await arrangeIdea(null, {
      title: 'Bankjes op het plein verstopt',
      hidden_at: new Date().toISOString(),
      hidden_reason: 'test',
    })
    const again = await anonClient().rpc('similar_ideas', {
      draft_title: 'Bankjes op het plein verstopt',
    })
    expect(again.data!.map((r: { id: string }) => r.id)).not.toContain(hidden)
  })
})
