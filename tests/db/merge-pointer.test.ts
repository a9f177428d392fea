// A merged idea must not prove that the idea it was merged into is hidden or withdrawn (issue
// 17.4). After the team merges B into A and hides A, A answers as missing; B's pointer to A would
// tell the rest. The column merged_into_id is not readable through the API (also not through
// Realtime), and merge_target() gives the pointer only to readers who may see both ideas.
// Through PostgREST and Realtime with real JWTs; SQL only to arrange and to inspect.
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { arrangeIdea, createUser, jwtFor, type TestUser } from '../support/users.ts'
import { realtimeClient, subscribed, uniqueName, waitFor } from '../stack/realtime-support.ts'

let author: TestUser
let neighbour: TestUser
let moderator: TestUser

beforeAll(async () => {
  ;[author, neighbour, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
})

const MESSAGE = 'Er was al een idee dat hierop lijkt. We gaan daar samen verder.'

/** B merged into A by the team. */
async function merged() {
  const a = await arrangeIdea(author.id, { title: 'Een bankje in het park' })
  const b = await arrangeIdea(neighbour.id, { title: 'Bankjes in het park' })
  const res = await moderator.client.rpc('merge_idea', {
    duplicate: b,
    original: a,
    message: MESSAGE,
  })
  expect(res.error).toBeNull()
  return { a, b }
}

const pointer = async (c: SupabaseClient, b: string) => {
  const res = await c.rpc('merge_target', { idea_id: b })
  expect(res.error).toBeNull()
  return res.data as string | null
}

describe('the merge pointer', () => {
  test('nobody reads merged_into_id itself, not even the team; every other column stays readable', async () => {
    const { b } = await merged()
    for (const c of [anonClient(), neighbour.client, moderator.client]) {
      const res = await c.from('ideas').select('id, merged_into_id').eq('id', b)
      expect(res.error?.code).toBe('42501')
      const ok = await c.from('ideas').select('id, status, title').eq('id', b)
      expect(ok.data).toEqual([{ id: b, status: 'merged', title: 'Bankjes in het park' }])
    }
  })

  test('points at a visible original for everyone', async () => {
    const { a, b } = await merged()
    for (const c of [anonClient(), neighbour.client, author.client, moderator.client]) {
      expect(await pointer(c, b)).toBe(a)
    }
  })

  test('once the team hides the original, only its author and the team get a pointer', async () => {
    const { a, b } = await merged()
    expect(
      (await moderator.client.rpc('hide_idea', { idea_id: a, reason: 'Scheldwoord' })).error,
    ).toBeNull()
    expect(await pointer(anonClient(), b)).toBeNull()
    expect(await pointer(neighbour.client, b)).toBeNull()
    expect(await pointer(author.client, b)).toBe(a)
    expect(await pointer(moderator.client, b)).toBe(a)
    // B's own author does not find it in their data export either.
    const exported = (await neighbour.client.rpc('export_my_data')).data as {
      ideas: { id: string; merged_into_id: string | null }[]
    }
    expect(exported.ideas.find((i) => i.id === b)).toMatchObject({ merged_into_id: null })
    // The pointer is stored all the same.
    expect(await sql('select merged_into_id from public.ideas where id = $1', [b])).toEqual([
      { merged_into_id: a },
    ])
  })

  test('a withdrawn original gives no pointer to anyone but the team; nothing merges into it', async () => {
    const a = await arrangeIdea(author.id)
    const b = await arrangeIdea(neighbour.id)
    const c = await arrangeIdea(neighbour.id)
    expect(
      (await moderator.client.rpc('merge_idea', { duplicate: b, original: a, message: MESSAGE }))
        .error,
    ).toBeNull()
    expect((await author.client.rpc('withdraw_idea', { idea_id: a })).error).toBeNull()
    for (const reader of [anonClient(), neighbour.client, author.client]) {
      expect(await pointer(reader, b)).toBeNull()
    }
    expect(await pointer(moderator.client, b)).toBe(a)
    const into = await moderator.client.rpc('merge_idea', {
      duplicate: c,
      original: a,
      message: MESSAGE,
    })
    expect(into.error?.message).toBe('merge_withdrawn')
  })

  test('no pointer for a hidden merged idea, nor for an idea that is not merged', async () => {
    const { b } = await merged()
    expect(await pointer(neighbour.client, await arrangeIdea(author.id))).toBeNull()
    await sql(`update public.ideas set hidden_at = now(), hidden_reason = 'Test' where id = $1`, [
      b,
    ])
    expect(await pointer(anonClient(), b)).toBeNull()
    expect(await pointer(author.client, b)).toBeNull()
  })

  test('Realtime change messages about ideas carry no pointer', async () => {
    const { a, b } = await merged()
    const { apiUrl, anonKey, jwtSecret } = stackInfo()
    const client = await realtimeClient({ apiUrl, anonKey, jwtSecret }, await jwtFor(neighbour.id))
    const seen: Record<string, unknown>[] = []
    const channel = client
      .channel(uniqueName('merge-pointer'))
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'ideas' }, (p) =>
        seen.push(p.new as Record<string, unknown>),
      )
    await subscribed(channel)
    try {
      await sql('update public.ideas set comment_count = comment_count where id = $1', [b])
      await waitFor(() => seen.some((r) => r.id === b), 10_000, 'the change of B')
      const row = seen.find((r) => r.id === b)!
      expect(row.status).toBe('merged')
      expect(row).not.toHaveProperty('merged_into_id')
      expect(JSON.stringify(row)).not.toContain(a)
    } finally {
      await client.removeAllChannels()
    }
  })
})
