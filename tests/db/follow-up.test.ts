// The team's follow-up: an idea can be given to one team member, and an idea "Bij een coalitie" or
// "Mee bezig" without a public update for 30 days comes back to the queue (team_queue()). Only the
// team assigns, only to the team, and only the team sees who has what.
import { beforeAll, describe, expect, it } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, SEED, type TestUser } from '../support/users.ts'

let moderator: TestUser
let colleague: TestUser
let admin: TestUser
let resident: TestUser
let partner: TestUser

beforeAll(async () => {
  ;[moderator, colleague, admin, resident, partner] = await Promise.all([
    createUser({ role: 'moderator' }),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
    createUser(),
    createUser({ role: 'partner' }),
  ])
})

/** An idea in `status` whose last public update was `daysAgo` days ago (none when null). */
async function ideaQuietFor(
  status: string,
  daysAgo: number | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = await arrangeIdea(resident.id, {
    status,
    coalition_id: SEED.coalitions.groen,
    created_at: new Date(Date.now() - 90 * 86_400_000).toISOString(),
    ...extra,
  })
  if (daysAgo !== null) {
    await sql(
      `insert into public.idea_updates (idea_id, status, message, created_at)
       values ($1, $2, 'Een update voor de bewoners van de buurt.', now() - make_interval(days => $3))`,
      [id, status, daysAgo],
    )
  }
  return id
}

async function queueIds(client = moderator.client, assigned?: 'mine' | 'nobody') {
  const { data, error } = await client.rpc('team_queue', assigned ? { assigned } : {})
  expect(error).toBeNull()
  return (data as { id: string; stalled: boolean; assignee_id: string | null }[]).map((r) => r.id)
}

describe('assigning an idea', () => {
  it('a moderator gives an idea to a colleague, who gets a message and finds it under "mine"', async () => {
    const idea = await arrangeIdea(resident.id)
    const { error } = await moderator.client.rpc('assign_idea', {
      idea_id: idea,
      assignee_id: colleague.id,
    })
    expect(error).toBeNull()

    const [row] = await sql(
      'select assignee_id, assigned_by from public.idea_assignments where idea_id = $1',
      [idea],
    )
    expect(row).toEqual({ assignee_id: colleague.id, assigned_by: moderator.id })
    const messages = await sql(
      `select kind from public.notifications where user_id = $1 and idea_id = $2`,
      [colleague.id, idea],
    )
    expect(messages).toEqual([{ kind: 'idea_assigned' }])
    expect(await queueIds(colleague.client, 'mine')).toContain(idea)
    expect(await queueIds(moderator.client, 'mine')).not.toContain(idea)
    expect(await queueIds(moderator.client, 'nobody')).not.toContain(idea)
    const log = await sql(
      `select action from public.moderation_log where target_id = $1 and action = 'assign'`,
      [idea],
    )
    expect(log).toHaveLength(1)
  })

  it('taking an idea yourself sends no message; giving it to nobody puts it under "nobody"', async () => {
    const idea = await arrangeIdea(resident.id)
    expect(
      (await moderator.client.rpc('assign_idea', { idea_id: idea, assignee_id: moderator.id }))
        .error,
    ).toBeNull()
    expect(await queueIds(moderator.client, 'mine')).toContain(idea)
    const [{ n }] = await sql(
      `select count(*)::int as n from public.notifications where idea_id = $1 and kind = 'idea_assigned'`,
      [idea],
    )
    expect(n).toBe(0)

    expect((await moderator.client.rpc('assign_idea', { idea_id: idea })).error).toBeNull()
    expect(await queueIds(moderator.client, 'nobody')).toContain(idea)
    expect(await queueIds(moderator.client, 'mine')).not.toContain(idea)
  })

  it('an admin may be given an idea; a resident or a partner may not', async () => {
    const idea = await arrangeIdea(resident.id)
    expect(
      (await moderator.client.rpc('assign_idea', { idea_id: idea, assignee_id: admin.id })).error,
    ).toBeNull()
    for (const outsider of [resident, partner]) {
      const { error } = await moderator.client.rpc('assign_idea', {
        idea_id: idea,
        assignee_id: outsider.id,
      })
      expect(error?.message).toBe('assignee_not_team')
    }
    const rows = await sql('select assignee_id from public.idea_assignments where idea_id = $1', [
      idea,
    ])
    expect(rows).toEqual([{ assignee_id: admin.id }])
  })

  it('residents, partners and visitors can neither assign nor see who has an idea', async () => {
    const idea = await arrangeIdea(resident.id)
    await moderator.client.rpc('assign_idea', { idea_id: idea, assignee_id: colleague.id })
    for (const outsider of [resident, partner]) {
      const { error } = await outsider.client.rpc('assign_idea', {
        idea_id: idea,
        assignee_id: outsider.id,
      })
      expect(error).not.toBeNull()
      const { data } = await outsider.client.from('idea_assignments').select('idea_id')
      expect(data).toEqual([])
      const queue = await outsider.client.rpc('team_queue')
      expect(queue.error?.message).toBe('not_team')
    }
    const anon = await anonClient().rpc('assign_idea', { idea_id: idea, assignee_id: null })
    expect(anon.error).not.toBeNull()
    const anonRead = await anonClient().from('idea_assignments').select('idea_id')
    expect(anonRead.error).not.toBeNull()
    const rows = await sql('select assignee_id from public.idea_assignments where idea_id = $1', [
      idea,
    ])
    expect(rows).toEqual([{ assignee_id: colleague.id }])
  })

  it('an unknown filter is refused, not read as "all"', async () => {
    const { error } = await moderator.client.rpc('team_queue', { assigned: 'everyone' })
    expect(error?.message).toBe('queue_filter_invalid')
  })
})

describe('ideas that went quiet come back to the queue', () => {
  it('in a coalition or in progress without an update for 30 days: back, marked as stalled', async () => {
    const quietCoalition = await ideaQuietFor('in_coalition', 31)
    const quietProgress = await ideaQuietFor('in_progress', 45)
    const recent = await ideaQuietFor('in_progress', 3)
    const neverUpdated = await ideaQuietFor('in_coalition', null)
    const { data } = await moderator.client.rpc('team_queue')
    const rows = data as { id: string; stalled: boolean; last_update_at: string | null }[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(quietCoalition)?.stalled).toBe(true)
    expect(byId.get(quietProgress)?.stalled).toBe(true)
    expect(byId.get(neverUpdated)?.stalled).toBe(true)
    expect(byId.has(recent)).toBe(false)
  })

  it('done, not feasible and merged ideas never come back, however quiet', async () => {
    const original = await arrangeIdea(resident.id)
    const ids = await Promise.all([
      ideaQuietFor('done', 200),
      ideaQuietFor('not_feasible', 200),
      ideaQuietFor('merged', 200, { merged_into_id: original }),
    ])
    const queue = await queueIds()
    for (const id of ids) expect(queue).not.toContain(id)
  })

  it('a public update takes it out of the queue again', async () => {
    const idea = await ideaQuietFor('in_progress', 40)
    expect(await queueIds()).toContain(idea)
    const { error } = await moderator.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'in_progress',
      message: 'De bomen zijn besteld. Ze komen in maart.',
    })
    expect(error).toBeNull()
    expect(await queueIds()).not.toContain(idea)
  })

  it('the dashboard and the public trust figures count the quiet ideas', async () => {
    const before = await anonClient().rpc('public_trust_figures')
    expect(before.error).toBeNull()
    const start = (before.data as { stalled: number }).stalled
    await ideaQuietFor('in_coalition', 60)
    const after = await anonClient().rpc('public_trust_figures')
    expect((after.data as { stalled: number; follow_up_days: number }).stalled).toBe(start + 1)
    expect((after.data as { follow_up_days: number }).follow_up_days).toBe(30)

    const today = new Date().toISOString().slice(0, 10)
    const dashboard = await moderator.client.rpc('moderation_dashboard', {
      period_start: today,
      period_end: today,
    })
    expect(dashboard.error).toBeNull()
    expect((dashboard.data as { stalled: number }).stalled).toBeGreaterThanOrEqual(start + 1)
  })

  it('a hidden quiet idea stays in the team queue but not in the public count', async () => {
    const before = (await anonClient().rpc('public_trust_figures')).data as { stalled: number }
    const idea = await ideaQuietFor('in_coalition', 60)
    await sql(
      `update public.ideas set hidden_at = now(), hidden_reason = 'Test verborgen' where id = $1`,
      [idea],
    )
    const after = (await anonClient().rpc('public_trust_figures')).data as { stalled: number }
    expect(after.stalled).toBe(before.stalled)
    expect(await queueIds()).toContain(idea)
  })
})
