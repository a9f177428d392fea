// A new report tells the team: every moderator and admin gets a new_report notification, live,
// except the one who filed it. Nobody else gets one, and nobody but its owner can read it.
// Through PostgREST (and Realtime) with real JWTs; SQL only to arrange and to inspect what the
// trigger wrote.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { arrangeIdea, createUser, jwtFor, SEED, type TestUser } from '../support/users.ts'
import { realtimeClient, subscribed, uniqueName, waitFor } from '../stack/realtime-support.ts'

let reporter: TestUser
let author: TestUser
let partner: TestUser
let bystander: TestUser
let moderator: TestUser
let moderator2: TestUser
let admin: TestUser
let idea: string
let comment: string

beforeAll(async () => {
  ;[reporter, author, partner, bystander, moderator, moderator2, admin] = await Promise.all([
    createUser(),
    createUser(),
    createUser({ role: 'partner' }),
    createUser(),
    createUser({ role: 'moderator' }),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
  ])
  idea = await arrangeIdea(author.id)
  comment = randomUUID()
  await sql(
    `insert into public.comments (id, idea_id, author_id, body) values ($1, $2, $3, 'Jullie zijn dom.')`,
    [comment, idea, bystander.id],
  )
})

async function report(
  who: TestUser,
  target: { idea_id?: string; comment_id?: string },
): Promise<string> {
  const { data, error } = await who.client
    .from('reports')
    .insert({ ...target, reason: 'Dit is niet aardig.' })
    .select('id')
    .single()
  expect(error).toBeNull()
  return data!.id as string
}

/** Who got a notification about this report, as stored (bypassing RLS). */
async function notified(reportId: string) {
  return sql<{ user_id: string; kind: string; idea_id: string; comment_id: string | null }>(
    `select user_id, kind::text, idea_id, comment_id from public.notifications where report_id = $1`,
    [reportId],
  )
}

async function ownNotifications(client: SupabaseClient, reportId: string) {
  const { data, error } = await client
    .from('notifications')
    .select('kind, idea_id, comment_id, report_id, read_at')
    .eq('report_id', reportId)
  expect(error).toBeNull()
  return data!
}

describe('who gets a notification about a new report', () => {
  test('allowed: every moderator and admin, for a report on an idea', async () => {
    const id = await report(reporter, { idea_id: idea })
    const rows = await notified(id)
    const ids = rows.map((r) => r.user_id)
    for (const team of [moderator, moderator2, admin]) expect(ids).toContain(team.id)
    // The demo team from the seed too.
    expect(ids).toEqual(expect.arrayContaining([SEED.users.team, SEED.users.beheer]))
    // Once each, and only people who are on the team.
    expect(new Set(ids).size).toBe(ids.length)
    const roles = await sql<{ role: string }>(
      'select distinct role::text from public.profiles where id = any($1::uuid[])',
      [ids],
    )
    expect(roles.map((r) => r.role).sort()).toEqual(['admin', 'moderator'])
    expect(rows.every((r) => r.kind === 'new_report' && r.idea_id === idea && !r.comment_id)).toBe(
      true,
    )
  })

  test('allowed: for a report on a comment, the notification names the comment and its idea', async () => {
    const id = await report(reporter, { comment_id: comment })
    const rows = await notified(id)
    expect(rows.find((r) => r.user_id === moderator.id)).toEqual({
      user_id: moderator.id,
      kind: 'new_report',
      idea_id: idea,
      comment_id: comment,
    })
  })

  test('denied: the reporter, the idea author, the comment author, a partner and other residents', async () => {
    const id = await report(reporter, { comment_id: await commentOf(author) })
    const ids = (await notified(id)).map((r) => r.user_id)
    expect(ids.length).toBeGreaterThanOrEqual(3)
    for (const other of [reporter, author, partner, bystander]) expect(ids).not.toContain(other.id)
  })

  test('denied: a moderator who reports something gets no notification about it; the rest of the team does', async () => {
    const id = await report(moderator, { idea_id: await arrangeIdea(author.id) })
    const ids = (await notified(id)).map((r) => r.user_id)
    expect(ids).not.toContain(moderator.id)
    expect(ids).toEqual(expect.arrayContaining([moderator2.id, admin.id]))
    const byAdmin = await report(admin, { idea_id: await arrangeIdea(author.id) })
    const adminIds = (await notified(byAdmin)).map((r) => r.user_id)
    expect(adminIds).not.toContain(admin.id)
    expect(adminIds).toEqual(expect.arrayContaining([moderator.id, moderator2.id]))
  })

  test('allowed: a report on a hidden idea (by its author) reaches the team, who can read it', async () => {
    const hidden = await arrangeIdea(author.id, {
      hidden_at: new Date().toISOString(),
      hidden_reason: 'Persoonsgegevens',
    })
    const id = await report(author, { idea_id: hidden })
    expect(await ownNotifications(moderator.client, id)).toEqual([
      { kind: 'new_report', idea_id: hidden, comment_id: null, report_id: id, read_at: null },
    ])
  })

  test('denied: a report stored already resolved (seed, import) asks nothing of the team', async () => {
    const id = randomUUID()
    await sql(
      `insert into public.reports (id, reporter_id, idea_id, reason, resolved_at, resolved_by)
       values ($1, $2, $3, 'Al besproken.', now(), $4)`,
      [id, reporter.id, await arrangeIdea(author.id), moderator.id],
    )
    expect(await notified(id)).toEqual([])
  })

  test('denied: a refused report notifies nobody', async () => {
    const before = await sql<{ n: number }>(
      `select count(*)::int n from public.notifications where kind = 'new_report' and idea_id = $1`,
      [idea],
    )
    // Twice the same target: the second is refused (one report per person and target).
    const again = await reporter.client
      .from('reports')
      .insert({ idea_id: idea, reason: 'Nog een keer.' })
    expect(again.error?.code).toBe('23505')
    const after = await sql<{ n: number }>(
      `select count(*)::int n from public.notifications where kind = 'new_report' and idea_id = $1`,
      [idea],
    )
    expect(after[0].n).toBe(before[0].n)
  })
})

async function commentOf(who: TestUser): Promise<string> {
  const id = randomUUID()
  await sql(
    `insert into public.comments (id, idea_id, author_id, body) values ($1, $2, $3, 'Hier klopt niets van.')`,
    [id, idea, who.id],
  )
  return id
}

describe('who can read it', () => {
  let reportId: string
  beforeAll(async () => {
    reportId = await report(reporter, { idea_id: await arrangeIdea(author.id) })
  })

  test('allowed: each team member reads their own, and marks it read', async () => {
    for (const team of [moderator, moderator2, admin]) {
      expect(await ownNotifications(team.client, reportId)).toEqual([
        expect.objectContaining({ kind: 'new_report', report_id: reportId, read_at: null }),
      ])
    }
    const marked = await moderator.client
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('report_id', reportId)
      .select('id')
    expect(marked.error).toBeNull()
    expect(marked.data).toHaveLength(1)
    // Only their own: the others' stay unread.
    expect((await ownNotifications(moderator2.client, reportId))[0].read_at).toBeNull()
  })

  test("denied: nobody reads, changes or deletes someone else's, not even by id", async () => {
    const [{ id: theirs }] = await sql<{ id: string }>(
      'select id from public.notifications where report_id = $1 and user_id = $2',
      [reportId, moderator2.id],
    )
    for (const client of [
      reporter.client,
      author.client,
      partner.client,
      bystander.client,
      moderator.client,
      admin.client,
    ]) {
      const read = await client.from('notifications').select('id').eq('id', theirs)
      expect(read.data).toEqual([])
      const changed = await client
        .from('notifications')
        .update({ read_at: new Date().toISOString() })
        .eq('id', theirs)
        .select('id')
      expect(changed.data ?? []).toEqual([])
      const deleted = await client.from('notifications').delete().eq('id', theirs).select('id')
      expect(deleted.data ?? []).toEqual([])
    }
    expect(
      (await anonClient().from('notifications').select('id').eq('id', theirs)).error?.code,
    ).toBe('42501')
    expect(await sql('select read_at from public.notifications where id = $1', [theirs])).toEqual([
      { read_at: null },
    ])
  })

  test('denied: nobody forges one, not even the team', async () => {
    for (const who of [reporter, moderator]) {
      const res = await who.client.from('notifications').insert({
        user_id: moderator2.id,
        kind: 'new_report',
        report_id: reportId,
      })
      expect(res.error?.code).toBe('42501')
    }
  })

  test('denied: someone who leaves the team no longer reads the ones from their time on it', async () => {
    const leaver = await createUser({ role: 'moderator' })
    const id = await report(reporter, { idea_id: await arrangeIdea(author.id) })
    expect(await ownNotifications(leaver.client, id)).toHaveLength(1)
    await sql(`update public.profiles set role = 'resident' where id = $1`, [leaver.id])
    expect(await ownNotifications(leaver.client, id)).toEqual([])
  })

  test('the notification goes when the report goes', async () => {
    const id = await report(reporter, { idea_id: await arrangeIdea(author.id) })
    expect((await notified(id)).length).toBeGreaterThan(0)
    await sql('delete from public.reports where id = $1', [id])
    expect(await notified(id)).toEqual([])
  })
})

describe('when the report is resolved', () => {
  test("one moderator resolves it: everyone's notification about it is read; other reports stay unread", async () => {
    // A person reports an idea once: fresh ideas for this test.
    const [first, second] = await Promise.all([arrangeIdea(author.id), arrangeIdea(author.id)])
    const someone = await createUser()
    const handled = await report(someone, { idea_id: first })
    const open = await report(someone, { idea_id: second })
    for (const team of [moderator, moderator2, admin]) {
      expect((await ownNotifications(team.client, handled))[0].read_at).toBeNull()
    }
    const resolved = await moderator.client.rpc('resolve_report', {
      report_id: handled,
      note: 'Gesprek gehad met de schrijver.',
    })
    expect(resolved.error).toBeNull()
    for (const team of [moderator, moderator2, admin]) {
      const [own] = await ownNotifications(team.client, handled)
      expect(own.read_at).not.toBeNull()
      expect((await ownNotifications(team.client, open))[0].read_at).toBeNull()
    }
  })

  test('denied: a resident cannot resolve a report, and the notifications stay unread', async () => {
    const someone = await createUser()
    const id = await report(someone, { idea_id: await arrangeIdea(author.id) })
    const { error } = await someone.client.rpc('resolve_report', { report_id: id })
    expect(error?.code).toBe('42501')
    expect((await ownNotifications(moderator.client, id))[0].read_at).toBeNull()
  })
})

describe('live, through Realtime', () => {
  test('allowed: a moderator gets it as it happens; denied: a resident listening to every notification gets nothing', async () => {
    const { apiUrl, anonKey, jwtSecret } = stackInfo()
    const target = { apiUrl, anonKey, jwtSecret }
    const teamLive = await realtimeClient(target, await jwtFor(moderator.id))
    const snoop = await realtimeClient(target, await jwtFor(bystander.id))
    const teamGot: string[] = []
    const snoopGot: string[] = []
    await subscribed(
      teamLive.channel(uniqueName('team')).on(
        'postgres_changes',
        {
          event: 'INSERT',
          schema: 'public',
          table: 'notifications',
          filter: `user_id=eq.${moderator.id}`,
        },
        (p) => teamGot.push((p.new as { report_id: string }).report_id),
      ),
    )
    await subscribed(
      snoop
        .channel(uniqueName('snoop'))
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'notifications' },
          (p) => snoopGot.push((p.new as { kind: string }).kind),
        ),
    )
    const id = await report(reporter, { idea_id: await arrangeIdea(author.id) })
    await waitFor(() => teamGot.includes(id), 10_000, 'the new_report notification')
    // A marker the resident may see, committed after the report: Realtime sends changes in commit
    // order, so once it arrives, a (wrongly) sent new_report would have arrived before it.
    await sql(
      `insert into public.notifications (user_id, kind, idea_id) values ($1, 'status_update', $2)`,
      [bystander.id, await arrangeIdea(author.id)],
    )
    await waitFor(() => snoopGot.includes('status_update'), 10_000, 'the marker')
    expect(snoopGot).toEqual(['status_update'])
    await teamLive.removeAllChannels()
    await snoop.removeAllChannels()
  })

  test("a colleague resolving the report reaches the others' badges live, as an update", async () => {
    const { apiUrl, anonKey, jwtSecret } = stackInfo()
    const live = await realtimeClient({ apiUrl, anonKey, jwtSecret }, await jwtFor(moderator2.id))
    // A fresh reporter: reports are limited per person and hour.
    const id = await report(await createUser(), { idea_id: await arrangeIdea(author.id) })
    const settled: string[] = []
    await subscribed(
      live.channel(uniqueName('settled')).on(
        'postgres_changes',
        {
          event: 'UPDATE',
          schema: 'public',
          table: 'notifications',
          filter: `user_id=eq.${moderator2.id}`,
        },
        (p) => {
          const row = p.new as { report_id: string; read_at: string | null }
          if (row.read_at) settled.push(row.report_id)
        },
      ),
    )
    expect(
      (
        await moderator.client.rpc('resolve_report', {
          report_id: id,
          note: 'Opgelost door een collega.',
        })
      ).error,
    ).toBeNull()
    await waitFor(() => settled.includes(id), 10_000, 'the settled notification')
    await live.removeAllChannels()
  })
})
