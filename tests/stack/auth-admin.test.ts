// The admin API: only the service role may use it.
import { describe, expect, it } from 'vitest'
import {
  anonClient,
  serviceClient,
  signedInClient,
  sql,
  stackInfo,
  uniqueEmail,
} from '../support/clients.ts'
import { authFetch } from './auth-helpers.ts'

describe('admin users', () => {
  it('creates, reads, updates and deletes a user with the service role', async () => {
    const admin = serviceClient().auth.admin
    const email = uniqueEmail('admin-made')
    const { data, error } = await admin.createUser({
      email,
      password: 'made-by-the-admin',
      email_confirm: true,
      user_metadata: { display_name: 'Wijkagent' },
      app_metadata: { team: 'pact' },
    })
    expect(error).toBeNull()
    const id = data.user!.id
    expect(data.user).toMatchObject({
      email,
      app_metadata: { provider: 'email', providers: ['email'], team: 'pact' },
      user_metadata: { display_name: 'Wijkagent', email_verified: true },
    })
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'made-by-the-admin' })).error,
    ).toBeNull()

    const dup = await admin.createUser({ email, password: 'whatever-else' })
    expect(dup.error).toMatchObject({ status: 422, code: 'email_exists' })

    const got = await admin.getUserById(id)
    expect(got.data.user?.email).toBe(email)

    const upd = await admin.updateUserById(id, {
      user_metadata: { display_name: null, buurt: 'Erp' },
      password: 'changed-by-admin',
    })
    expect(upd.error).toBeNull()
    expect(upd.data.user?.user_metadata).toMatchObject({ buurt: 'Erp' })
    expect(upd.data.user?.user_metadata).not.toHaveProperty('display_name')
    expect(await sql('select 1 from auth.sessions where user_id = $1', [id])).toHaveLength(0)

    expect((await admin.deleteUser(id)).error).toBeNull()
    expect(await sql('select 1 from auth.users where id = $1', [id])).toHaveLength(0)
    const missing = await admin.getUserById(id)
    expect(missing.error).toMatchObject({ status: 404, code: 'user_not_found' })
  })

  it('lists users newest first with total and page links', async () => {
    const admin = serviceClient().auth.admin
    await signedInClient()
    const newest = await signedInClient()
    const [{ count }] = await sql<{ count: string }>(
      'select count(*) from auth.users where deleted_at is null',
    )
    const { data, error } = await admin.listUsers({ page: 1, perPage: 1 })
    expect(error).toBeNull()
    expect(data.users).toHaveLength(1)
    expect('total' in data && data.total).toBeGreaterThanOrEqual(Number(count))
    expect('nextPage' in data && data.nextPage).toBe(2)
    // auth-js reads only the first digit of a page number, so check the last page in the raw header.
    const raw = await authFetch('/admin/users?page=1&per_page=1', {
      bearer: stackInfo().serviceRoleKey,
    })
    const total = Number(raw.headers.get('x-total-count'))
    expect(total).toBeGreaterThanOrEqual(Number(count))
    expect(raw.headers.get('link')).toBe(
      `</admin/users?page=2&per_page=1>; rel="next", </admin/users?page=${total}&per_page=1>; rel="last"`,
    )
    // Other test files create users at the same time, so only check that ours is among the newest.
    const firstPage = await admin.listUsers({ page: 1, perPage: 50 })
    expect(firstPage.data.users.map((u) => u.id)).toContain(newest.userId)
  })

  it('refuses the anon key and a signed-in user, and a call without a token', async () => {
    const anon = await anonClient().auth.admin.createUser({
      email: uniqueEmail(),
      password: 'nope-nope-nope',
    })
    expect(anon.error).toMatchObject({ status: 403, code: 'not_admin' })
    const { client, userId } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.access_token
    const asUser = await authFetch(`/admin/users/${userId}`, {
      method: 'DELETE',
      bearer: token,
      body: {},
    })
    expect(asUser.status).toBe(403)
    expect(asUser.json.code).toBe('not_admin')
    expect(await sql('select 1 from auth.users where id = $1', [userId])).toHaveLength(1)
    const none = await authFetch('/admin/users', { headers: { authorization: '' } })
    expect(none.status).toBe(401)
  })

  it('generates a magic link without sending mail, and the link signs in', async () => {
    const { userId, email } = await signedInClient()
    const { data, error } = await serviceClient().auth.admin.generateLink({
      type: 'magiclink',
      email,
    })
    expect(error).toBeNull()
    expect(data.properties!.email_otp).toMatch(/^\d{6}$/)
    expect(data.properties!.verification_type).toBe('magiclink')
    const res = await fetch(data.properties!.action_link, { redirect: 'manual' })
    expect(res.status).toBe(303)
    const hash = new URLSearchParams(res.headers.get('location')!.split('#')[1])
    const { data: me } = await anonClient().auth.getUser(hash.get('access_token')!)
    expect(me.user?.id).toBe(userId)

    const recovery = await serviceClient().auth.admin.generateLink({
      type: 'recovery',
      email: uniqueEmail(),
    })
    expect(recovery.error).toMatchObject({ status: 404, code: 'user_not_found' })
  })
})

describe('bad input and odd requests', () => {
  it('answers malformed JSON with 400 bad_json', async () => {
    const res = await authFetch('/token?grant_type=password', { body: '{"email": "a@b.nl", ' })
    expect(res.status).toBe(400)
    expect(res.json.code).toBe('bad_json')
    const arr = await authFetch('/signup', { body: '[1,2]' })
    expect(arr.status).toBe(400)
    expect(arr.json.code).toBe('bad_json')
    // The server is still fine afterwards.
    expect((await authFetch('/health')).json.name).toBe('GoTrue')
  })

  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    const missing = await authFetch('/nope')
    expect(missing.status).toBe(404)
    expect(missing.json.code).toBe('not_found')
    const wrong = await authFetch('/signup', { method: 'GET' })
    expect(wrong.status).toBe(405)
  })

  it('uses the legacy error shape without the API version header', async () => {
    const res = await authFetch('/token?grant_type=password', {
      body: { email: uniqueEmail(), password: 'whatever-1' },
      headers: { 'x-supabase-api-version': '' },
    })
    expect(res.headers.get('x-supabase-api-version')).toBeNull()
    expect(res.json).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    })
  })

  it('publishes settings, health and the JWKS of the signing key', async () => {
    const settings = await authFetch('/settings')
    expect(settings.json).toMatchObject({
      external: { email: true, phone: false, anonymous_users: false },
      mailer_autoconfirm: true,
    })
    expect((await authFetch('/.well-known/jwks.json')).json).toEqual(stackInfo().jwks)
    expect(stackInfo().jwks.keys).toHaveLength(1)
    const health = await fetch(`${stackInfo().apiUrl}/auth/v1/health`)
    expect(health.status).toBe(200)
  })

  it('refuses anonymous sign-up', async () => {
    const { error } = await anonClient().auth.signInAnonymously()
    expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' })
  })
})
