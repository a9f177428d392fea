// The business rules for comments, each proven through PostgREST with real JWTs, allowed and
// denied paths.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { anonClient, sql } from '../../support/clients.ts'
import { arrangeIdea, createUser, createUsers, SEED } from '../../support/users.ts'

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
