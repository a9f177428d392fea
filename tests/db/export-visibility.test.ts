// export_my_data() must show a person exactly what the table policies let them read, no more.
// The attack: an admin makes someone a moderator, a report arrives, the admin makes them a resident
// again; the notifications table then hides the team's new_report rows, and so must the export.
// Through PostgREST with real JWTs; SQL only to arrange and to look.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser } from '../support/users.ts'

interface Exported {
  notifications: { kind: string; report_id: string | null; idea_id: string | null }[]
  comments: { id: string }[]
  account: { id: string; email: string }
  profile: { id: string; locale: string }
}

describe('export_my_data', () => {
  test('shows a former moderator none of the reports that came in while on the team', async () => {
    const [admin, person, reporter] = await Promise.all([
      createUser({ role: 'admin' }),
      createUser(),
      createUser(),
    ])
    const idea = await arrangeIdea(null)

    const promoted = await admin.client.rpc('set_role', {
      profile_id: person.id,
      role: 'moderator',
    })
    expect(promoted.error).toBeNull()
    const report = await reporter.client
      .from('reports')
      .insert({ id: randomUUID(), idea_id: idea, reason: 'Dit is reclame.' })
      .select('id')
      .single()
    expect(report.error).toBeNull()
    const reportId = (report.data as { id: string }).id

    // On the team: the table and the export both show the notification.
    const onTeam = await person.client.from('notifications').select('id').eq('kind', 'new_report')
    expect(onTeam.data).toHaveLength(1)
    const exportedOnTeam = (await person.client.rpc('export_my_data')).data as Exported
    expect(exportedOnTeam.notifications.filter((n) => n.kind === 'new_report')).toEqual([
      expect.objectContaining({ report_id: reportId, idea_id: idea }),
    ])

    const demoted = await admin.client.rpc('set_role', { profile_id: person.id, role: 'resident' })
    expect(demoted.error).toBeNull()

    const table = await person.client.from('notifications').select('id').eq('kind', 'new_report')
    expect(table.error).toBeNull()
    expect(table.data).toEqual([])

    const { data, error } = await person.client.rpc('export_my_data')
    expect(error).toBeNull()
    const exported = data as Exported
    expect(exported.notifications.filter((n) => n.kind === 'new_report')).toEqual([])
    expect(JSON.stringify(exported)).not.toContain(reportId)
    // The row is still stored: it comes back if the person joins the team again.
    expect(
      await sql(`select 1 from public.notifications where user_id = $1 and report_id = $2`, [
        person.id,
        reportId,
      ]),
    ).toHaveLength(1)
  })

  test('leaves out a comment on an idea the team hid, as the comments table does', async () => {
    const person = await createUser()
    const idea = await arrangeIdea(null)
    const comment = await person.client
      .from('comments')
      .insert({ id: randomUUID(), idea_id: idea, body: 'Goed plan' })
      .select('id')
      .single()
    expect(comment.error).toBeNull()
    const commentId = (comment.data as { id: string }).id
    const before = (await person.client.rpc('export_my_data')).data as Exported
    expect(before.comments.map((c) => c.id)).toEqual([commentId])

    await sql(`update public.ideas set hidden_at = now(), hidden_reason = 'Test' where id = $1`, [
      idea,
    ])
    expect((await person.client.from('comments').select('id').eq('id', commentId)).data).toEqual([])
    const after = (await person.client.rpc('export_my_data')).data as Exported
    expect(after.comments).toEqual([])
    expect(JSON.stringify(after)).not.toContain(idea)
  })

  test('still gives the person their own account and private profile fields', async () => {
    const person = await createUser()
    const { data, error } = await person.client.rpc('export_my_data')
    expect(error).toBeNull()
    const exported = data as Exported
    expect(exported.account).toMatchObject({ id: person.id, email: person.email })
    expect(exported.profile).toMatchObject({ id: person.id, locale: 'nl' })
  })
})
