// RLS and the team's functions for answering ideas (set_idea_status), through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea, createUser, SEED } from '../../support/users.ts'
import { ANSWER, actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

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
