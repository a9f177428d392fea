// An author withdraws an idea instead of deleting it (issues 10.2 and 17.5): nobody can make an idea,
// its reports, the team's notifications of them or other people's comments disappear; a withdrawn
// idea leaves every public place at once (also live) but stays for the team; its text is erased
// after 30 days unless an open report or a hiding needs it, and then only the team keeps a
// snapshot. What the team hid stays as it was: its author can neither change nor withdraw it.
// Through PostgREST and Realtime with real JWTs; SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { reasonFor } from '@/api/errors'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { arrangeIdea, createUser, jwtFor, SEED, type TestUser } from '../support/users.ts'
import { realtimeClient, subscribed, uniqueName, waitFor } from '../stack/realtime-support.ts'

let author: TestUser
let reporter: TestUser
let neighbour: TestUser
let moderator: TestUser

beforeAll(async () => {
  ;[author, reporter, neighbour, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
})

const count = async (q: string, p: unknown[]) => (await sql(q, p)).length
const daysAgo = (d: number) => new Date(Date.now() - d * 86400_000).toISOString()

/** A visible idea with a report on it, the team's notification of it and a neighbour's comment. */
async function reportedIdea(title = 'Een idee met een scheldwoord erin') {
  const idea = await arrangeIdea(author.id, { title })
  const comment = randomUUID()
  await sql(
    `insert into public.comments (id, idea_id, author_id, body) values ($1, $2, $3, 'Dit klopt niet.')`,
    [comment, idea, neighbour.id],
  )
  const { data, error } = await reporter.client
    .from('reports')
    .insert({ idea_id: idea, reason: 'Hier staat een scheldwoord in.' })
    .select('id')
    .single()
  expect(error).toBeNull()
  return { idea, comment, report: data!.id as string }
}

async function stillThere(x: { idea: string; comment: string; report: string }) {
  return {
    idea: await count('select 1 from public.ideas where id = $1', [x.idea]),
    comment: await count('select 1 from public.comments where id = $1', [x.comment]),
    report: await count('select 1 from public.reports where id = $1', [x.report]),
    teamNotification: await count(
      `select 1 from public.notifications where report_id = $1 and user_id = $2`,
      [x.report, moderator.id],
    ),
  }
}
const ALL_THERE = { idea: 1, comment: 1, report: 1, teamNotification: 1 }

describe('nobody deletes an idea through the API', () => {
  test('the author of a reported, visible idea cannot DELETE it: report, notification and comments stay', async () => {
    const x = await reportedIdea()
    const res = await author.client.from('ideas').delete().eq('id', x.idea).select('id')
    expect(res.error?.code).toBe('42501')
    expect(await stillThere(x)).toEqual(ALL_THERE)
  })

  test('withdrawing a reported idea keeps the report, the notification and the comments for the team, and logs it', async () => {
    const x = await reportedIdea()
    expect((await author.client.rpc('withdraw_idea', { idea_id: x.idea })).error).toBeNull()
    expect(await stillThere(x)).toEqual(ALL_THERE)
    // The team still reads all of it through the API.
    const team = moderator.client
    expect((await team.from('ideas').select('id, withdrawn_at').eq('id', x.idea)).data).toEqual([
      { id: x.idea, withdrawn_at: expect.any(String) },
    ])
    expect((await team.from('reports').select('id').eq('id', x.report)).data).toHaveLength(1)
    expect((await team.from('comments').select('id').eq('idea_id', x.idea)).data).toHaveLength(1)
    expect(
      (await team.from('notifications').select('id').eq('report_id', x.report)).data,
    ).toHaveLength(1)
    const log = await sql<{ actor_id: string; details: Record<string, unknown> }>(
      `select actor_id, details from public.moderation_log where action = 'withdraw' and target_id = $1`,
      [x.idea],
    )
    expect(log).toEqual([{ actor_id: author.id, details: { open_reports: 1, comments: 1 } }])
  })

  test("a withdrawal is refused for someone else's idea, a missing one and a visitor, with one answer", async () => {
    const idea = await arrangeIdea(author.id)
    const answers = await Promise.all([
      neighbour.client.rpc('withdraw_idea', { idea_id: idea }),
      neighbour.client.rpc('withdraw_idea', { idea_id: randomUUID() }),
      moderator.client.rpc('withdraw_idea', { idea_id: idea }),
    ])
    for (const a of answers)
      expect(a.error).toMatchObject({ code: '42501', message: 'not_allowed' })
    expect((await anonClient().rpc('withdraw_idea', { idea_id: idea })).error?.code).toBe('42501')
    expect(
      await count('select 1 from public.ideas where id = $1 and withdrawn_at is null', [idea]),
    ).toBe(1)
  })

  test('withdrawing twice (a retry after a lost answer) is fine and changes nothing more', async () => {
    const idea = await arrangeIdea(author.id)
    expect((await author.client.rpc('withdraw_idea', { idea_id: idea })).error).toBeNull()
    const [first] = await sql('select withdrawn_at from public.ideas where id = $1', [idea])
    expect((await author.client.rpc('withdraw_idea', { idea_id: idea })).error).toBeNull()
    expect(await sql('select withdrawn_at from public.ideas where id = $1', [idea])).toEqual([
      first,
    ])
  })
})

describe('what the team hid stays as it was', () => {
  test('the author can neither change, delete nor withdraw a hidden idea', async () => {
    const idea = await arrangeIdea(author.id, { title: 'Een verborgen idee' })
    expect(
      (await moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'Scheldwoord' })).error,
    ).toBeNull()
    // The author still reads it, with the team's reason.
    expect((await author.client.from('ideas').select('hidden_reason').eq('id', idea)).data).toEqual(
      [{ hidden_reason: 'Scheldwoord' }],
    )
    const edit = await author.client
      .from('ideas')
      .update({ title: 'Iets heel anders' })
      .eq('id', idea)
    expect(edit.error).toMatchObject({ code: 'P0001', message: 'idea_hidden_by_team' })
    const del = await author.client.from('ideas').delete().eq('id', idea)
    expect(del.error?.code).toBe('42501')
    const withdraw = await author.client.rpc('withdraw_idea', { idea_id: idea })
    expect(withdraw.error).toMatchObject({ code: 'P0001', message: 'idea_hidden_by_team' })
    expect(await sql('select title, withdrawn_at from public.ideas where id = $1', [idea])).toEqual(
      [{ title: 'Een verborgen idee', withdrawn_at: null }],
    )
  })

  test('the author cannot change or delete a hidden comment; a visible one they still can change', async () => {
    const idea = await arrangeIdea(null)
    const [hidden, visible] = [randomUUID(), randomUUID()]
    await sql(
      `insert into public.comments (id, idea_id, author_id, body) values ($1, $3, $4, 'Scheldwoord'), ($2, $3, $4, 'Goed plan')`,
      [hidden, visible, idea, author.id],
    )
    expect(
      (await moderator.client.rpc('hide_comment', { comment_id: hidden, reason: 'Scheldwoord' }))
        .error,
    ).toBeNull()
    const edit = await author.client.from('comments').update({ body: 'Sorry' }).eq('id', hidden)
    expect(edit.error).toMatchObject({ code: 'P0001', message: 'comment_hidden_by_team' })
    expect(reasonFor(edit.error)).toBe('commentHiddenByTeam')
    expect((await author.client.from('comments').delete().eq('id', hidden)).error?.code).toBe(
      '42501',
    )
    expect(
      (await author.client.from('comments').update({ body: 'Heel goed plan' }).eq('id', visible))
        .error,
    ).toBeNull()
    expect(
      await sql('select id, body from public.comments where id = any($1) order by body desc', [
        [hidden, visible],
      ]),
    ).toEqual([
      { id: hidden, body: 'Scheldwoord' },
      { id: visible, body: 'Heel goed plan' },
    ])
  })
})

describe('a withdrawn idea leaves every public place at once, for everyone but the team', () => {
  test('lists, cards, search, "lijkt op", comments, trail and messages: gone for visitors, neighbours and the author', async () => {
    const word = `Zandbak${randomUUID().slice(0, 6)}`
    // The neighbour follows the buurt, so the new idea reaches their messages and feed.
    await sql(
      `insert into public.follows (user_id, neighbourhood_id) values ($1, $2) on conflict do nothing`,
      [neighbour.id, SEED.neighbourhoods.eckartdal],
    )
    const idea = await arrangeIdea(author.id, {
      title: `Een nieuwe ${word} bij school`,
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    })
    await sql(`insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Leuk!')`, [
      idea,
      neighbour.id,
    ])
    const reads = async (c: SupabaseClient) => {
      const rows = await Promise.all([
        c.from('ideas').select('id').eq('id', idea),
        c.from('idea_cards').select('id').eq('id', idea),
        c
          .from('searchable_idea_cards')
          .select('id')
          .textSearch('search', word, { config: 'dutch' }),
        c.rpc('similar_ideas', { draft_title: `Een nieuwe ${word} bij school` }),
        c.from('comments').select('id').eq('idea_id', idea),
        c.from('notifications').select('id').eq('idea_id', idea),
      ])
      const feed = (await c.rpc('neighbourhood_feed')).data as { idea_id: string }[] | null
      return [
        // The first four list ideas (keep only this one); comments and messages are about it.
        ...rows.map(
          (r, i) =>
            ((r.data ?? []) as { id: string }[]).filter((x) => i > 3 || x.id === idea).length,
        ),
        (feed ?? []).filter((f) => f.idea_id === idea).length,
      ]
    }
    // Before: everyone finds it (the neighbour's feed too; visitors have none).
    // The feed has the idea and the comment.
    expect(await reads(neighbour.client)).toEqual([1, 1, 1, 1, 1, 1, 2])
    expect((await author.client.rpc('withdraw_idea', { idea_id: idea })).error).toBeNull()
    for (const c of [anonClient(), neighbour.client, author.client]) {
      expect(await reads(c)).toEqual([0, 0, 0, 0, 0, 0, 0])
    }
    // The team still finds the idea and its comment.
    const team = await reads(moderator.client)
    expect(team.slice(0, 2)).toEqual([1, 1])
    expect(team[4]).toBe(1)
    // Nobody can vote on, comment on, follow or report it any more.
    const writes = await Promise.all([
      neighbour.client.from('votes').insert({ idea_id: idea }),
      neighbour.client.from('comments').insert({ idea_id: idea, body: 'Nog een reactie' }),
      neighbour.client.from('follows').insert({ idea_id: idea }),
      reporter.client.from('reports').insert({ idea_id: idea, reason: 'Nog een melding' }),
    ])
    for (const w of writes) expect(w.error).not.toBeNull()
    // The author gets it in their own export.
    const exported = (await author.client.rpc('export_my_data')).data as {
      ideas: { id: string; withdrawn_at: string | null }[]
    }
    expect(exported.ideas.find((i) => i.id === idea)?.withdrawn_at).toEqual(expect.any(String))
  })

  test("leaves a neighbour's open list live: a withdrawal row arrives, the idea's own change does not", async () => {
    const idea = await arrangeIdea(author.id)
    const marker = await arrangeIdea(author.id)
    const { apiUrl, anonKey, jwtSecret } = stackInfo()
    const client = await realtimeClient({ apiUrl, anonKey, jwtSecret }, await jwtFor(neighbour.id))
    const withdrawals: string[] = []
    const updates: string[] = []
    const channel = client
      .channel(uniqueName('withdrawals'))
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'idea_withdrawals' },
        (p) => withdrawals.push((p.new as { idea_id: string }).idea_id),
      )
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'ideas' }, (p) =>
        updates.push((p.new as { id: string }).id),
      )
    await subscribed(channel)
    try {
      expect((await author.client.rpc('withdraw_idea', { idea_id: idea })).error).toBeNull()
      await waitFor(() => withdrawals.includes(idea), 10_000, 'the withdrawal row')
      // A later change to a visible idea arrives; the withdrawn idea's own update never does.
      await sql('update public.ideas set comment_count = comment_count where id = $1', [marker])
      await waitFor(() => updates.includes(marker), 10_000, 'the marker')
      expect(updates).not.toContain(idea)
    } finally {
      await client.removeAllChannels()
    }
  })
})

describe('the text of a withdrawn idea is erased after 30 days', () => {
  test('erased unless a report or a hiding needs it; then only the team keeps a snapshot, until it is no longer needed', async () => {
    const arrange = (over: Record<string, unknown>) =>
      arrangeIdea(author.id, { title: 'Bel me op 06-12345678', lat: 51.45, lng: 5.47, ...over })
    const plain = await arrange({ withdrawn_at: daysAgo(31) })
    const young = await arrange({ withdrawn_at: daysAgo(10) })
    const hidden = await arrange({
      withdrawn_at: daysAgo(31),
      hidden_at: daysAgo(20),
      hidden_reason: 'Telefoonnummer',
    })
    const reported = await arrange({ withdrawn_at: daysAgo(40) })
    const [rep] = await sql<{ id: string }>(
      `insert into public.reports (idea_id, reporter_id, reason) values ($1, $2, 'Er staat een telefoonnummer in.') returning id`,
      [reported, reporter.id],
    )
    // Only the scheduled job (the service role or the database owner) may run it.
    expect(
      await sql(
        `select has_function_privilege(r, 'private.erase_withdrawn_ideas(interval)', 'execute') as may
           from unnest(array['anon', 'authenticated']) r`,
      ),
    ).toEqual([{ may: false }, { may: false }])
    await sql('select private.erase_withdrawn_ideas()')

    const text = async (id: string) =>
      (
        await sql<{ title: string; lat: string | null; erased: boolean }>(
          'select title, lat, text_erased_at is not null as erased from public.ideas where id = $1',
          [id],
        )
      )[0]
    const erased = { title: 'Ingetrokken idee', lat: null, erased: true }
    expect(await text(plain)).toEqual(erased)
    expect(await text(hidden)).toEqual(erased)
    expect(await text(reported)).toEqual(erased)
    expect(await text(young)).toEqual({
      title: 'Bel me op 06-12345678',
      lat: '51.450000',
      erased: false,
    })

    const snapshots = (c: SupabaseClient) =>
      c
        .from('withdrawn_idea_snapshots')
        .select('idea_id, title')
        .in('idea_id', [plain, young, hidden, reported])
        .order('idea_id')
    const expected = [hidden, reported]
      .sort()
      .map((idea_id) => ({ idea_id, title: 'Bel me op 06-12345678' }))
    expect((await snapshots(moderator.client)).data).toEqual(expected)
    expect((await snapshots(author.client)).data).toEqual([])
    expect((await snapshots(anonClient())).error).not.toBeNull()

    // Once the report is resolved, the next run lets that snapshot go; the hidden one stays.
    expect((await moderator.client.rpc('resolve_report', { report_id: rep.id })).error).toBeNull()
    await sql('select private.erase_withdrawn_ideas()')
    expect((await snapshots(moderator.client)).data).toEqual([
      { idea_id: hidden, title: 'Bel me op 06-12345678' },
    ])
    // Reports and comments about erased ideas are still there.
    expect(await count('select 1 from public.reports where id = $1', [rep.id])).toBe(1)
  })
})

describe('leaving does not erase reports either', () => {
  test('delete_my_account keeps the ideas (anonymised) and every report about them', async () => {
    const leaver = await createUser()
    const idea = await arrangeIdea(leaver.id)
    const withdrawn = await arrangeIdea(leaver.id)
    const reports = await sql<{ id: string }>(
      `insert into public.reports (idea_id, reporter_id, reason) values ($1, $3, 'Niet aardig.'), ($2, $3, 'Niet aardig.') returning id`,
      [idea, withdrawn, reporter.id],
    )
    expect((await leaver.client.rpc('withdraw_idea', { idea_id: withdrawn })).error).toBeNull()
    expect((await leaver.client.rpc('delete_my_account')).error).toBeNull()
    expect(
      await sql('select author_id from public.ideas where id = any($1)', [[idea, withdrawn]]),
    ).toEqual([{ author_id: null }, { author_id: null }])
    expect(
      await count('select 1 from public.reports where id = any($1)', [reports.map((r) => r.id)]),
    ).toBe(2)
  })
})
