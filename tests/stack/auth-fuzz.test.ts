// Bad input never breaks Auth: random JSON to every endpoint gets a 2xx/3xx/4xx answer, never a
// 5xx, and the server keeps answering.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signedInClient } from '../support/clients.ts'
import { authFetch } from './auth-helpers.ts'

const ROUTES: [string, string][] = [
  ['POST', '/signup'],
  ['POST', '/token?grant_type=password'],
  ['POST', '/token?grant_type=refresh_token'],
  ['POST', '/otp'],
  ['POST', '/verify'],
  ['POST', '/recover'],
  ['POST', '/resend'],
  ['PUT', '/user'],
  ['POST', '/logout?scope=others'],
]

// Field names the endpoints read, with values of every JSON type.
const field = fc.constantFrom(
  'email',
  'password',
  'data',
  'token',
  'token_hash',
  'type',
  'refresh_token',
  'create_user',
)
const value = fc.oneof(
  fc.string(),
  fc.constant('a\u0000b@example.test'),
  fc.constant('x'.repeat(300)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(
    fc.string({ maxLength: 5 }),
    fc.oneof(fc.string(), fc.constant(null), fc.constant('\u0000')),
  ),
)

describe('random input', () => {
  it('never gets a 5xx from any endpoint', async () => {
    const { client } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.access_token
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.dictionary(field, value),
        async ([method, path], body) => {
          const res = await authFetch(path, { method, body, bearer: token })
          expect(
            res.status,
            `${method} ${path} ${JSON.stringify(body)} → ${res.text}`,
          ).toBeLessThan(500)
        },
      ),
      { numRuns: 150 },
    )
    expect((await authFetch('/health')).status).toBe(200)
  })
})
