// The business rules, each proven through PostgREST with real JWTs, allowed and denied paths.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, createUsers, ideaInput, SEED } from '../support/users.ts'

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()

describe('profiles', () => {
  test('sign-up creates a profile from metadata, with safe fallbacks', async () => {
    const a = await createUser({
      meta: {
        display_name: '  Anouk  ',
        neighbourhood_id: SEED.neighbourhoods.eckartdal,
        locale: 'ar',
      },
    })
    const b = await createUser({
      meta: { neighbourhood_id: 'not-a-uuid', locale: 'xx' },
      email: `  @example.test`,
    }).catch(() => null)
    const c = await createUser({
      meta: { display_name: '   ' },
      email: `jan.${randomUUID().slice(0, 6)}@example.test`,
    })
    const [pa] = await sql('select * from public.profiles where id = $1', [a.id])
    expect(pa).toMatchObject({
      display_name: 'Anouk',
      role: 'resident',
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
      locale: 'ar',
    })
    const [pc] = await sql('select * from public.profiles where id = $1', [c.id])
    expect(pc.display_name).toMatch(/^jan\./)
    expect(pc.locale).toBe('nl')
    if (b)
      expect(
        (await sql('select display_name from public.profiles where id = $1', [b.id]))[0]
          .display_name,
      ).toBe('Buur')
  })

  test('people see only public columns of others; their own full profile via my_profile()', async () => {
    const me = await createUser({ meta: { display_name: 'Ik', locale: 'pl' } })
    const all = await me.client.from('profiles').select('*').limit(1)
    expect(all.error?.code).toBe('42501')
    const mine = await me.client.rpc('my_profile').single()
    expect(mine.data).toMatchObject({ id: me.id, locale: 'pl' })
    expect((await anonClient().rpc('my_profile')).error).not.toBeNull()
  })

  test('a person cannot change their own role or organisation, only name, buurt and language', async () => {
    const me = await createUser()
    expect(
      (await me.client.from('profiles').update({ role: 'admin' }).eq('id', me.id)).error?.code,
    ).toBe('42501')
    expect(
      (
        await me.client
          .from('profiles')
          .update({ organisation_id: SEED.organisations.woonbedrijf })
          .eq('id', me.id)
      ).error?.code,
    ).toBe('42501')
    expect(
      (
        await me.client
          .from('profiles')
          .update({ display_name: '  Nieuwe  ', locale: 'tr' })
          .eq('id', me.id)
      ).error,
    ).toBeNull()
    expect(
      (
        await sql('select display_name, role, locale from public.profiles where id = $1', [me.id])
      )[0],
    ).toEqual({ display_name: 'Nieuwe', role: 'resident', locale: 'tr' })
    expect(
      (
        await me.client
          .from('profiles')
          .update({ display_name: 'x'.repeat(51) })
          .eq('id', me.id)
      ).error?.code,
    ).toBe('23514')
  })

  test('set_role: admins only; partners only through an approved request', async () => {
    const [admin, mod, person] = [
      await createUser({ role: 'admin' }),
      await createUser({ role: 'moderator' }),
      await createUser(),
    ]
    expect(
      (await mod.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error
        ?.message,
    ).toBe('not_allowed')
    expect(
      (await admin.client.rpc('set_role', { profile_id: person.id, role: 'partner' })).error
        ?.message,
    ).toBe('role_partner_via_request')
    expect(
      (await admin.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error,
    ).toBeNull()
    const req = await person.client
      .from('partner_requests')
      .insert({ organisation_id: SEED.organisations.lumens })
      .select()
      .single()
    expect(req.error).toBeNull()
    expect(
      (await mod.client.rpc('approve_partner_request', { request_id: req.data.id })).error?.message,
    ).toBe('not_allowed')
    expect(
      (await admin.client.rpc('approve_partner_request', { request_id: req.data.id })).error,
    ).toBeNull()
    const [p] = await sql('select role, organisation_id from public.profiles where id = $1', [
      person.id,
    ])
    expect(p).toEqual({ role: 'moderator', organisation_id: SEED.organisations.lumens })
    expect(
      (
        await sql(
          `select count(*)::int n from public.moderation_log where target_id = $1 and action = 'approve_partner'`,
          [req.data.id],
        )
      )[0].n,
    ).toBe(1)
  })
})

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

describe('votes', () => {
  test('200 parallel votes give exactly 200', async () => {
    const idea = await arrangeIdea(null)
    const people = await createUsers(200)
    const results = await Promise.all(
      people.map((p) => p.client.from('votes').insert({ idea_id: idea })),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(200)
    await Promise.all(
      people.slice(0, 50).map((p) => p.client.from('votes').delete().eq('idea_id', idea)),
    )
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(150)
  })

  test('one vote per person; voting for someone else is refused; votes are private', async () => {
    const [me, other] = await createUsers(2)
    const idea = await arrangeIdea(null)
    expect((await me.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
    expect((await me.client.from('votes').insert({ idea_id: idea })).error?.code).toBe('23505')
    expect(
      (await me.client.from('votes').insert({ idea_id: idea, user_id: other.id })).error?.code,
    ).toBe('42501')
    expect((await other.client.from('votes').select('*').eq('idea_id', idea)).data).toEqual([])
    expect((await anonClient().from('votes').select('*')).error?.code).toBe('42501')
  })

  // A hidden idea answers a stranger like a missing one: see hidden-not-found.test.ts.
  test.each([
    ['merged', { status: 'merged', merged_into_id: '40000000-0000-4000-8000-000000000001' }],
    ['closed', { status: 'done' }],
    ['closed', { status: 'not_feasible' }],
  ])('no votes on %s ideas', async (why, state) => {
    const me = await createUser()
    const idea = await arrangeIdea(null, state)
    const { error } = await me.client.from('votes').insert({ idea_id: idea })
    expect(error).toMatchObject({ code: 'P0001', message: `idea_not_votable: ${why}` })
    expect(
      (await sql('select vote_count from public.ideas where id = $1', [idea]))[0].vote_count,
    ).toBe(0)
  })
})

describe('comments', () => {
  test('concurrent comments count exactly; hidden ones do not count', async () => {
    const idea = await arrangeIdea(null)
    const people = await createUsers(40)
    const results = await Promise.all(
      people.map((p, i) =>
        p.client.from('comments').insert({ idea_id: idea, body: `Reactie ${i}` }),
      ),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(
      (await sql('select comment_count from public.ideas where id = $1', [idea]))[0].comment_count,
    ).toBe(40)
    const mod = await createUser({ role: 'moderator' })
    const [c] = await sql('select id from public.comments where idea_id = $1 limit 1', [idea])
    expect(
      (await people[0].client.rpc('hide_comment', { comment_id: c.id, reason: 'Kwetsend' })).error
        ?.message,
    ).toBe('not_allowed')
    expect(
      (await mod.client.rpc('hide_comment', { comment_id: c.id, reason: 'Kwetsend' })).error,
    ).toBeNull()
    expect(
      (await sql('select comment_count from public.ideas where id = $1', [idea]))[0].comment_count,
    ).toBe(39)
    expect((await anonClient().from('comments').select('id').eq('id', c.id)).data).toEqual([])
    expect((await mod.client.rpc('unhide_comment', { comment_id: c.id })).error).toBeNull()
    expect(
      (await sql('select comment_count from public.ideas where id = $1', [idea]))[0].comment_count,
    ).toBe(40)
  })

  test('one level of replies, on the same idea; body trimmed and 1–2000 characters', async () => {
    const me = await createUser()
    const idea = await arrangeIdea(null)
    const top = await me.client
      .from('comments')
      .insert({ idea_id: idea, body: '  Hallo  ' })
      .select()
      .single()
    expect(top.data.body).toBe('Hallo')
    const reply = await me.client
      .from('comments')
      .insert({ idea_id: idea, parent_id: top.data.id, body: 'Antwoord' })
      .select()
      .single()
    expect(reply.error).toBeNull()
    expect(
      (
        await me.client
          .from('comments')
          .insert({ idea_id: idea, parent_id: reply.data.id, body: 'Te diep' })
      ).error?.message,
    ).toBe('comment_reply_too_deep')
    expect(
      (
        await me.client
          .from('comments')
          .insert({ idea_id: SEED.idea(2), parent_id: top.data.id, body: 'Ander idee' })
      ).error?.message,
    ).toBe('comment_parent_other_idea')
    expect(
      (await me.client.from('comments').insert({ idea_id: idea, body: '   ' })).error?.code,
    ).toBe('23502')
    expect(
      (await me.client.from('comments').insert({ idea_id: idea, body: 'x'.repeat(2001) })).error
        ?.message,
    ).toContain('comments_body_length')
  })

  test('authors edit a comment within 15 minutes only', async () => {
    const me = await createUser()
    const id = randomUUID()
    await sql(
      `insert into public.comments (id, idea_id, author_id, body, created_at) values ($1, $2, $3, 'Oud', now() - interval '16 minutes')`,
      [id, SEED.idea(2), me.id],
    )
    expect(
      (await me.client.from('comments').update({ body: 'Nieuw' }).eq('id', id)).error?.message,
    ).toBe('comment_edit_window_closed')
    await sql(
      `update public.comments set created_at = now() - interval '5 minutes' where id = $1`,
      [id],
    )
    expect(
      (await me.client.from('comments').update({ body: 'Nieuw' }).eq('id', id)).error,
    ).toBeNull()
    expect(
      (
        await me.client
          .from('comments')
          .update({ hidden_at: new Date().toISOString() })
          .eq('id', id)
      ).error?.code,
    ).toBe('42501')
  })
})

describe('reports and the moderation log', () => {
  test('a person reports once; the team resolves; the log is append-only', async () => {
    const [me, mod] = [await createUser(), await createUser({ role: 'moderator' })]
    const idea = await arrangeIdea(null)
    const r = await me.client
      .from('reports')
      .insert({ idea_id: idea, reason: '  Dit is reclame.  ' })
      .select()
      .single()
    expect(r.data.reason).toBe('Dit is reclame.')
    expect(
      (await me.client.from('reports').insert({ idea_id: idea, reason: 'Nog een keer' })).error
        ?.code,
    ).toBe('23505')
    expect(
      (await me.client.from('reports').insert({ idea_id: await arrangeIdea(null), reason: 'x' }))
        .error?.message,
    ).toContain('reports_reason_length')
    expect(
      (await me.client.rpc('resolve_report', { report_id: r.data.id, note: 'ok' })).error?.message,
    ).toBe('not_allowed')
    expect(
      (await mod.client.rpc('resolve_report', { report_id: r.data.id, note: 'Verwijderd' })).error,
    ).toBeNull()
    const log = await mod.client.from('moderation_log').select('*').eq('target_id', r.data.id)
    expect(log.data).toHaveLength(1)
    expect(
      (await mod.client.from('moderation_log').delete().eq('target_id', r.data.id)).error?.code,
    ).toBe('42501')
    await expect(
      sql('delete from public.moderation_log where target_id = $1', [r.data.id]),
    ).rejects.toThrow('moderation_log_append_only')
    await expect(
      sql('update public.moderation_log set reason = null where target_id = $1', [r.data.id]),
    ).rejects.toThrow('moderation_log_append_only')
  })
})

describe('rate limits', () => {
  test('the sixth idea within an hour is refused with rate_limited: ideas', async () => {
    const me = await createUser()
    for (let i = 0; i < 5; i++)
      expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
    const sixth = await me.client.from('ideas').insert(ideaInput())
    expect(sixth.error).toMatchObject({
      code: 'P0001',
      message: 'rate_limited: ideas',
      hint: 'rate_limited',
    })
    // An hour passes: for the ideas and for the record of attempts the limit counts.
    await sql(
      `update public.ideas set created_at = now() - interval '61 minutes' where author_id = $1`,
      [me.id],
    )
    await sql(`update private.attempts set at = now() - interval '61 minutes' where user_id = $1`, [
      me.id,
    ])
    expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
  })

  test('a retry of an idea saved before the limit was reached returns it instead of rate_limited', async () => {
    const me = await createUser()
    const id = randomUUID()
    const args = {
      id,
      title: 'Een bank bij de bushalte',
      body: 'Ouderen staan lang te wachten bij de bushalte.',
      kind: 'idea',
      theme_id: SEED.themes.samenLeven,
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    }
    expect((await me.client.rpc('submit_idea', args).single()).error).toBeNull()
    for (let i = 0; i < 4; i++)
      expect((await me.client.from('ideas').insert(ideaInput())).error).toBeNull()
    // At the limit now: a new idea is refused, the retry of the saved one is not.
    expect((await me.client.from('ideas').insert(ideaInput())).error?.message).toBe(
      'rate_limited: ideas',
    )
    const retry = await me.client.rpc('submit_idea', args).single()
    expect(retry.error).toBeNull()
    expect(retry.data).toMatchObject({ id, author_id: me.id })
    expect(
      (await sql('select count(*)::int n from public.ideas where author_id = $1', [me.id]))[0].n,
    ).toBe(5)
  })

  test('limits for comments, reports and votes come from private.limits', async () => {
    const limits = await sql('select action, max_count from private.limits order by action')
    expect(limits).toEqual(
      expect.arrayContaining([
        { action: 'comments', max_count: 30 },
        { action: 'reports', max_count: 10 },
        { action: 'votes', max_count: 120 },
      ]),
    )
    const me = await createUser()
    await sql(
      `insert into public.comments (idea_id, author_id, body) select $1, $2, 'x' from generate_series(1, 30)`,
      [SEED.idea(2), me.id],
    )
    expect(
      (await me.client.from('comments').insert({ idea_id: SEED.idea(2), body: 'Eén te veel' }))
        .error?.message,
    ).toBe('rate_limited: comments')
  })
})
