// RLS and the team's functions, through PostgREST with real JWTs: who may triage, answer, hide,
// merge, manage coalitions, read reports and the audit log, and that nobody can change that log.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createActors, createUser, SEED, type TestUser } from '../support/users.ts'

type Actors = Awaited<ReturnType<typeof createActors>>
let a: Actors

const ANSWER = 'We kijken samen met Woonbedrijf of dit kan. We laten het je in mei weten.'

beforeAll(async () => {
  a = await createActors()
})

async function logEntries(targetId: string) {
  return sql<{ action: string; actor_id: string; reason: string | null }>(
    'select action, actor_id, reason from public.moderation_log where target_id = $1 order by id',
    [targetId],
  )
}

describe('answering ideas (set_idea_status)', () => {
  it('refuses residents and partners, and changes nothing', async () => {
    const idea = await arrangeIdea(a.resident.id)
    for (const who of [a.resident, a.partner]) {
      const { error } = await who.client.rpc('set_idea_status', {
        idea_id: idea,
        status: 'in_review',
        message: ANSWER,
      })
      expect(error?.code).toBe('42501')
    }
    const [row] = await sql('select status from public.ideas where id = $1', [idea])
    expect(row.status).toBe('new')
    expect(await logEntries(idea)).toEqual([])
  })

  it('lets the team answer in public; author, voters and followers get a message; the log says who and why', async () => {
    const idea = await arrangeIdea(a.resident.id)
    const voter = await createUser()
    const follower = await createUser()
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [idea, voter.id])
    await sql('insert into public.follows (user_id, idea_id) values ($1, $2)', [follower.id, idea])

    const { data, error } = await a.moderator.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'in_coalition',
      message: ANSWER,
      coalition_id: SEED.coalitions.groen,
    })
    expect(error).toBeNull()
    expect(data.message).toBe(ANSWER)
    const [row] = await sql('select status, coalition_id from public.ideas where id = $1', [idea])
    expect(row).toEqual({ status: 'in_coalition', coalition_id: SEED.coalitions.groen })

    const notified = await sql<{ user_id: string }>(
      `select user_id from public.notifications where idea_id = $1 and kind = 'status_update'`,
      [idea],
    )
    expect(notified.map((n) => n.user_id).sort()).toEqual(
      [a.resident.id, voter.id, follower.id].sort(),
    )
    expect(await logEntries(idea)).toEqual([
      { action: 'set_status', actor_id: a.moderator.id, reason: ANSWER },
    ])
  })

  it('requires a real message after new', async () => {
    const idea = await arrangeIdea(a.resident.id)
    const { error } = await a.moderator.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'in_review',
      message: 'ok',
    })
    expect(error?.message).toBe('status_message_too_short')
  })
})

describe('merging duplicates', () => {
  it('only the team merges; votes move to the original', async () => {
    const original = await arrangeIdea(a.resident.id)
    const duplicate = await arrangeIdea(a.other.id)
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [
      duplicate,
      a.partner.id,
    ])
    const denied = await a.partner.client.rpc('merge_idea', {
      duplicate,
      original,
      message: ANSWER,
    })
    expect(denied.error?.code).toBe('42501')

    const { error } = await a.moderator.client.rpc('merge_idea', {
      duplicate,
      original,
      message: ANSWER,
    })
    expect(error).toBeNull()
    const rows = await sql(
      'select id, status, vote_count from public.ideas where id = any($1::uuid[]) order by id = $2',
      [[original, duplicate], duplicate],
    )
    expect(rows[0]).toMatchObject({ id: original, vote_count: 1 })
    expect(rows[1]).toMatchObject({ id: duplicate, status: 'merged', vote_count: 0 })
    expect((await logEntries(duplicate)).map((e) => e.action)).toEqual(['merge'])
  })
})

describe('hiding and unhiding', () => {
  it('a resident cannot hide; the team hides and unhides an idea with a reason, both logged', async () => {
    const idea = await arrangeIdea(a.other.id)
    const denied = await a.resident.client.rpc('hide_idea', {
      idea_id: idea,
      reason: 'Scheldwoorden',
    })
    expect(denied.error?.code).toBe('42501')

    expect(
      (await a.moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'Scheldwoorden' })).error,
    ).toBeNull()
    const seenByResident = await a.resident.client.from('ideas').select('id').eq('id', idea)
    expect(seenByResident.data).toEqual([])

    const noReason = await a.moderator.client.rpc('unhide_idea', { idea_id: idea, reason: '' })
    expect(noReason.error?.message).toBe('hide_reason_too_short')
    expect(
      (
        await a.moderator.client.rpc('unhide_idea', {
          idea_id: idea,
          reason: 'Na overleg aangepast',
        })
      ).error,
    ).toBeNull()
    expect(await logEntries(idea)).toEqual([
      { action: 'hide', actor_id: a.moderator.id, reason: 'Scheldwoorden' },
      { action: 'unhide', actor_id: a.moderator.id, reason: 'Na overleg aangepast' },
    ])
  })

  it('the team hides and unhides a comment with a reason; a partner cannot', async () => {
    const idea = await arrangeIdea(a.resident.id)
    const [comment] = await sql<{ id: string }>(
      `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Dit is een rotidee') returning id`,
      [idea, a.other.id],
    )
    const denied = await a.partner.client.rpc('hide_comment', {
      comment_id: comment.id,
      reason: 'Niet aardig',
    })
    expect(denied.error?.code).toBe('42501')
    expect(
      (
        await a.moderator.client.rpc('hide_comment', {
          comment_id: comment.id,
          reason: 'Niet aardig',
        })
      ).error,
    ).toBeNull()
    expect(
      (
        await a.moderator.client.rpc('unhide_comment', {
          comment_id: comment.id,
          reason: 'Toch oké',
        })
      ).error,
    ).toBeNull()
    expect((await logEntries(comment.id)).map((e) => [e.action, e.reason])).toEqual([
      ['hide', 'Niet aardig'],
      ['unhide', 'Toch oké'],
    ])
  })
})

describe('reports', () => {
  it('only the reporter and the team read a report; only the team resolves it', async () => {
    const idea = await arrangeIdea(a.other.id)
    const { data: report, error } = await a.resident.client
      .from('reports')
      .insert({ idea_id: idea, reason: 'Dit klopt niet' })
      .select('id')
      .single()
    expect(error).toBeNull()
    expect((await a.partner.client.from('reports').select('id').eq('id', report!.id)).data).toEqual(
      [],
    )
    expect(
      (await a.moderator.client.from('reports').select('id').eq('id', report!.id)).data,
    ).toHaveLength(1)

    const denied = await a.resident.client.rpc('resolve_report', {
      report_id: report!.id,
      note: 'zelf opgelost',
    })
    expect(denied.error?.code).toBe('42501')
    expect(
      (await a.moderator.client.rpc('resolve_report', { report_id: report!.id, note: 'Besproken' }))
        .error,
    ).toBeNull()
    expect((await logEntries(report!.id)).map((e) => e.action)).toEqual(['resolve_report'])
  })
})

describe('coalitions', () => {
  it('residents and partners cannot create or edit coalitions; the team can, and it is logged', async () => {
    for (const who of [a.resident, a.partner]) {
      const { error } = await who.client.from('coalitions').insert({ name: 'Eigen club' })
      expect(error?.code).toBe('42501')
    }
    const id = randomUUID()
    expect(
      (await a.moderator.client.from('coalitions').insert({ id, name: 'Speeltuinen Erp' })).error,
    ).toBeNull()
    const edit = await a.partner.client
      .from('coalitions')
      .update({ name: 'Overgenomen' })
      .eq('id', id)
      .select('id')
    expect(edit.data).toEqual([])
    expect(
      (
        await a.moderator.client
          .from('coalitions')
          .update({ description: 'Speelplekken in Erp' })
          .eq('id', id)
      ).error,
    ).toBeNull()
    expect((await logEntries(id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['insert', a.moderator.id],
      ['update', a.moderator.id],
    ])
  })

  it('refuses a second partner beside one resident, with the stable error key', async () => {
    const id = randomUUID()
    await a.moderator.client.from('coalitions').insert({ id, name: 'Balans test' })
    const partner2 = await createUser({
      role: 'partner',
      organisationId: SEED.organisations.lumens,
    })
    await a.moderator.client.from('coalition_members').insert([
      { coalition_id: id, profile_id: a.resident.id, member_kind: 'resident' },
      { coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' },
    ])
    const { error } = await a.moderator.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: partner2.id, member_kind: 'partner' })
    expect(error?.message).toBe('coalition_partner_majority')
    const members = await sql(
      'select member_kind from public.coalition_members where coalition_id = $1',
      [id],
    )
    expect(members).toHaveLength(2)
    expect((await logEntries(id)).filter((e) => e.action === 'insert')).toHaveLength(3)
  })

  it('a partner may join by themselves when a resident is there, but not add somebody else', async () => {
    const id = randomUUID()
    await a.moderator.client.from('coalitions').insert({ id, name: 'Zelf meedoen' })
    const alone = await a.partner.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' })
    expect(alone.error?.message).toBe('coalition_partner_majority')
    const other = await a.partner.client
      .from('coalition_members')
      .insert({ coalition_id: id, profile_id: a.other.id, member_kind: 'resident' })
    expect(other.error?.code).toBe('42501')
    expect(
      (
        await a.resident.client
          .from('coalition_members')
          .insert({ coalition_id: id, profile_id: a.resident.id, member_kind: 'resident' })
      ).error,
    ).toBeNull()
    expect(
      (
        await a.partner.client
          .from('coalition_members')
          .insert({ coalition_id: id, profile_id: a.partner.id, member_kind: 'partner' })
      ).error,
    ).toBeNull()
  })
})

describe('the audit log', () => {
  let entryId: number
  beforeAll(async () => {
    const idea = await arrangeIdea(a.resident.id)
    await a.moderator.client.rpc('hide_idea', { idea_id: idea, reason: 'Voor de logtest' })
    const [row] = await sql<{ id: number }>(
      'select id from public.moderation_log where target_id = $1',
      [idea],
    )
    entryId = Number(row.id)
  })

  it('residents and partners read nothing; moderators and admins read it', async () => {
    for (const who of [a.resident, a.partner]) {
      expect((await who.client.from('moderation_log').select('id').eq('id', entryId)).data).toEqual(
        [],
      )
    }
    for (const who of [a.moderator, a.admin]) {
      const { data } = await who.client
        .from('moderation_log')
        .select('id, action, actor_id, reason, at')
        .eq('id', entryId)
      expect(data).toEqual([
        expect.objectContaining({
          action: 'hide',
          actor_id: a.moderator.id,
          reason: 'Voor de logtest',
        }),
      ])
    }
  })

  it.each(['moderator', 'admin'] as const)(
    'a %s cannot update, delete or insert entries',
    async (role) => {
      const who: TestUser = a[role]
      const update = await who.client
        .from('moderation_log')
        .update({ reason: 'weggepoetst' })
        .eq('id', entryId)
      expect(update.error?.code).toBe('42501')
      const del = await who.client.from('moderation_log').delete().eq('id', entryId)
      expect(del.error?.code).toBe('42501')
      const insert = await who.client
        .from('moderation_log')
        .insert({ action: 'fake', target_table: 'ideas' })
      expect(insert.error?.code).toBe('42501')
      const [row] = await sql('select reason from public.moderation_log where id = $1', [entryId])
      expect(row.reason).toBe('Voor de logtest')
    },
  )

  it('not even the database owner can change or delete it', async () => {
    await expect(
      sql(`update public.moderation_log set reason = 'x' where id = $1`, [entryId]),
    ).rejects.toThrow(/moderation_log_append_only/)
    await expect(sql('delete from public.moderation_log where id = $1', [entryId])).rejects.toThrow(
      /moderation_log_append_only/,
    )
  })
})

describe('partners and admins', () => {
  it('a person asks to become a partner but cannot approve themselves; an admin approves', async () => {
    const person = await createUser()
    const { data: req, error } = await person.client
      .from('partner_requests')
      .insert({ organisation_id: SEED.organisations.lumens, message: 'Ik werk bij Lumens' })
      .select('id, status')
      .single()
    expect(error).toBeNull()
    expect(req!.status).toBe('pending')
    expect(
      (await person.client.rpc('approve_partner_request', { request_id: req!.id })).error?.code,
    ).toBe('42501')
    expect(
      (
        await person.client
          .from('partner_requests')
          .update({ status: 'approved' })
          .eq('id', req!.id)
      ).error?.code,
    ).toBe('42501')
    expect(
      (await person.client.from('profiles').update({ role: 'partner' }).eq('id', person.id)).error
        ?.code,
    ).toBe('42501')
    expect(
      (await a.moderator.client.rpc('approve_partner_request', { request_id: req!.id })).error
        ?.code,
    ).toBe('42501')

    expect(
      (await a.admin.client.rpc('approve_partner_request', { request_id: req!.id })).error,
    ).toBeNull()
    const [profile] = await sql('select role, organisation_id from public.profiles where id = $1', [
      person.id,
    ])
    expect(profile).toEqual({ role: 'partner', organisation_id: SEED.organisations.lumens })
  })

  it('only admins find people by e-mail and appoint moderators', async () => {
    const person = await createUser()
    expect(
      (await a.moderator.client.rpc('admin_find_people', { query: person.email })).error?.code,
    ).toBe('42501')
    const found = await a.admin.client.rpc('admin_find_people', { query: person.email })
    expect(found.data).toEqual([
      expect.objectContaining({ id: person.id, email: person.email, role: 'resident' }),
    ])
    expect(
      (await a.moderator.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error
        ?.code,
    ).toBe('42501')
    expect(
      (await a.admin.client.rpc('set_role', { profile_id: person.id, role: 'moderator' })).error,
    ).toBeNull()
  })

  it('only admins manage buurten, themes and organisations, and it is logged', async () => {
    const slug = `test-${randomUUID().slice(0, 6)}`
    expect(
      (
        await a.moderator.client
          .from('organisations')
          .insert({ name: `Org ${slug}`, slug })
          .select('id')
      ).error?.code,
    ).toBe('42501')
    const { data, error } = await a.admin.client
      .from('organisations')
      .insert({ name: `Org ${slug}`, slug })
      .select('id')
      .single()
    expect(error).toBeNull()
    expect((await logEntries(data!.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['insert', a.admin.id],
    ])
  })
})

describe('dashboard and report figures', () => {
  it('are for the team only', async () => {
    const args = { period_start: '2026-01-01', period_end: '2026-12-31' }
    expect((await a.partner.client.rpc('moderation_dashboard', args)).error?.code).toBe('42501')
    expect((await a.resident.client.rpc('alliantieraad_report', args)).error?.code).toBe('42501')
    const { data, error } = await a.moderator.client.rpc('moderation_dashboard', args)
    expect(error).toBeNull()
    expect(data).toHaveProperty('funnel')
    expect((await a.admin.client.rpc('alliantieraad_report', args)).error).toBeNull()
  })

  it('counts the median days to the first answer and the share answered within 14 days', async () => {
    // A period of its own, far from the seed: three ideas, answered after 2 and 20 days, one open.
    const day = (n: number) => `2030-03-${String(n).padStart(2, '0')}T10:00:00Z`
    const fast = await arrangeIdea(a.resident.id, { created_at: day(1) })
    const slow = await arrangeIdea(a.resident.id, { created_at: day(2) })
    await arrangeIdea(a.resident.id, { created_at: day(3) })
    await sql(
      `insert into public.idea_updates (idea_id, status, message, author_id, created_at) values
         ($1, 'in_review', $3, $4, $5), ($2, 'in_review', $3, $4, $6)`,
      [fast, slow, ANSWER, a.moderator.id, day(3), day(22)],
    )
    const { data } = await a.moderator.client.rpc('moderation_dashboard', {
      period_start: '2030-03-01',
      period_end: '2030-03-31',
    })
    // The period lies in the future, so the open idea is not yet due; 1 of 2 due answered in time.
    expect(data).toMatchObject({
      total: 3,
      answered: 2,
      median_days_to_answer: 11,
      answered_within_14_days: 1,
    })
  })
})

describe('the buurt feed and the digest setting', () => {
  it('shows new ideas in followed buurten, marks them unread, and only to the follower', async () => {
    const partner = await createUser({ role: 'partner' })
    await partner.client.from('follows').insert({ neighbourhood_id: SEED.neighbourhoods.eckartdal })
    const idea = await arrangeIdea(a.resident.id, {
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
    })
    const { data, error } = await partner.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(error).toBeNull()
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'idea', idea_id: idea, unread: true }),
      ]),
    )
    const seen = await partner.client
      .from('follows')
      .update({ seen_at: new Date().toISOString() })
      .eq('neighbourhood_id', SEED.neighbourhoods.eckartdal)
    expect(seen.error).toBeNull()
    const after = await partner.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(after.data!.find((r: { idea_id: string }) => r.idea_id === idea).unread).toBe(false)
    const stranger = await a.other.client.rpc('neighbourhood_feed', { max_items: 50 })
    expect(stranger.data!.some((r: { idea_id: string }) => r.idea_id === idea)).toBe(false)
  })

  it('each person sets only their own digest frequency', async () => {
    expect(
      (await a.partner.client.from('digest_settings').upsert({ frequency: 'weekly' })).error,
    ).toBeNull()
    const forged = await a.partner.client
      .from('digest_settings')
      .insert({ user_id: a.resident.id, frequency: 'daily' })
    expect(forged.error?.code).toBe('42501')
    expect((await a.resident.client.from('digest_settings').select('user_id')).data).toEqual([])
  })
})
