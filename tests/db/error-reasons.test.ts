// The app shows `t('errors.' + reasonFor(error))` for every failed request (src/api/errors.ts).
// These are real refusals from the local stack, through PostgREST with real JWTs, and the reason
// each must come out as: never 'unknown' for a refusal the app can run into.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { reasonFor } from '../../src/api/errors.ts'
import { anonClient } from '../support/clients.ts'
import { arrangeIdea, clientAs, createUser } from '../support/users.ts'

test('maps the database refusals the app meets to plain reasons', async () => {
  const [resident, moderator, admin] = await Promise.all([
    createUser(),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
  ])
  const adminWithoutCode = await clientAs(admin.id, { aal: 'aal1' })
  const idea = await arrangeIdea(null)
  const missing = randomUUID()

  const cases: [string, PromiseLike<{ error: unknown }>, string][] = [
    [
      'the team hides an idea that does not exist (P0002)',
      moderator.client.rpc('hide_idea', { idea_id: missing, reason: 'Dit is een test.' }),
      'notFound',
    ],
    [
      'a vote on an idea that does not exist (23503)',
      resident.client.from('votes').insert({ idea_id: missing }),
      'notFound',
    ],
    ['a visitor votes (42501)', anonClient().from('votes').insert({ idea_id: idea }), 'notAllowed'],
    [
      'a comment that is empty (23514)',
      resident.client.from('comments').insert({ idea_id: idea, body: ' ' }),
      'bodyTooShort',
    ],
    [
      'a resident uses a team function (42501)',
      resident.client.rpc('hide_idea', { idea_id: idea, reason: 'Dit is een test.' }),
      'notAllowed',
    ],
    [
      'an admin signed in without the code from their app (second_factor_required)',
      adminWithoutCode.rpc('set_role', { profile_id: resident.id, role: 'moderator' }),
      'secondFactorRequired',
    ],
  ]
  expect((await resident.client.from('votes').insert({ idea_id: idea })).error).toBeNull()
  cases.push([
    'a second vote on the same idea (23505)',
    resident.client.from('votes').insert({ idea_id: idea }),
    'duplicate',
  ])

  for (const [what, request, reason] of cases) {
    const { error } = await request
    expect(error, what).not.toBeNull()
    expect(reasonFor(error), what).toBe(reason)
  }
})
