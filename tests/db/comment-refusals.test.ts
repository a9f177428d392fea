// The refusals the comment thread shows (src/components/ideas/CommentEntry.vue): real answers of
// the local stack through PostgREST with real JWTs, and the plain reason each must come out as.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { reasonFor } from '@/api/errors'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser } from '../support/users.ts'

async function arrangeComment(authorId: string, ideaId: string, minutesAgo: number) {
  const id = randomUUID()
  await sql(
    `insert into public.comments (id, idea_id, author_id, body, created_at)
     values ($1, $2, $3, 'Eerste versie', now() - make_interval(mins => $4))`,
    [id, ideaId, authorId, minutesAgo],
  )
  return id
}

async function bodyOf(id: string): Promise<string> {
  const [row] = await sql<{ body: string }>('select body from public.comments where id = $1', [id])
  return row.body
}

test('an author changes a comment within 15 minutes; after that the reason is plain', async () => {
  const me = await createUser()
  const idea = await arrangeIdea(null)
  const fresh = await arrangeComment(me.id, idea, 5)
  const old = await arrangeComment(me.id, idea, 16)

  // As the app sends it (src/api/comments.ts updateComment): the changed row comes back.
  const allowed = await me.client
    .from('comments')
    .update({ body: 'Tweede versie' })
    .eq('id', fresh)
    .select('id')
  expect(allowed.error).toBeNull()
  expect(allowed.data).toEqual([{ id: fresh }])
  expect(await bodyOf(fresh)).toBe('Tweede versie')

  const denied = await me.client
    .from('comments')
    .update({ body: 'Tweede versie' })
    .eq('id', old)
    .select('id')
  expect(denied.error?.message).toBe('comment_edit_window_closed')
  expect(reasonFor(denied.error)).toBe('commentEditWindowClosed')
  expect(await bodyOf(old)).toBe('Eerste versie')
})

test("someone else's comment is not changed: no row comes back, which the app calls not found", async () => {
  const [author, other] = await Promise.all([createUser(), createUser()])
  const idea = await arrangeIdea(null)
  const id = await arrangeComment(author.id, idea, 1)
  const { data, error } = await other.client
    .from('comments')
    .update({ body: 'Overgenomen' })
    .eq('id', id)
    .select('id')
  expect(error).toBeNull()
  expect(data).toEqual([])
  expect(await bodyOf(id)).toBe('Eerste versie')
})

test('a second report on the same comment by the same person is refused as a duplicate', async () => {
  const [author, reporter, neighbour] = await Promise.all([
    createUser(),
    createUser(),
    createUser(),
  ])
  const idea = await arrangeIdea(null)
  const comment = await arrangeComment(author.id, idea, 1)
  const report = (who: typeof reporter) =>
    who.client.from('reports').insert({ comment_id: comment, reason: 'Dit is reclame.' })

  expect((await report(reporter)).error).toBeNull()
  const again = await report(reporter)
  expect(again.error?.code).toBe('23505')
  expect(reasonFor(again.error)).toBe('duplicate')
  // Someone else may still report it: the rule is once per person.
  expect((await report(neighbour)).error).toBeNull()
  const [{ n }] = await sql<{ n: string }>(
    'select count(*) n from public.reports where comment_id = $1',
    [comment],
  )
  expect(n).toBe('2')
})
