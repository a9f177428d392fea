// RLS and the team's functions for hiding and unhiding, through PostgREST with real JWTs.
import { describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'
import { arrangeIdea } from '../../support/users.ts'
import { actorsForFile, logEntries } from '../../support/team.ts'

const a = actorsForFile()

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
