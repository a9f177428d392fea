// Sessions: refresh-token rotation and reuse, the signed-in user's account, sign-out, and
// which access tokens GET /user refuses.
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, signedInClient, sql, uniqueEmail } from '../support/clients.ts'
import { authFetch, codeIn, decodeJwt, signJwt } from './auth-helpers.ts'

async function refresh(token: string) {
  return authFetch('/token?grant_type=refresh_token', { body: { refresh_token: token } })
}

describe('refresh tokens', () => {
  it('rotates: a new token whose parent is the old one, in the same session', async () => {
    const { client, userId } = await signedInClient()
    const before = (await client.auth.getSession()).data.session!
    const { data, error } = await client.auth.refreshSession()
    expect(error).toBeNull()
    const after = data.session!
    expect(after.refresh_token).not.toBe(before.refresh_token)
    expect(after.refresh_token).toMatch(/^[a-z2-7]{12}$/)
    expect(decodeJwt(after.access_token).payload.session_id).toBe(
      decodeJwt(before.access_token).payload.session_id,
    )
    const rows = await sql(
      'select token, parent, revoked from auth.refresh_tokens where user_id = $1 order by id',
      [userId],
    )
    expect(rows).toEqual([
      { token: before.refresh_token, parent: null, revoked: true },
      { token: after.refresh_token, parent: before.refresh_token, revoked: false },
    ])
  })

  it('gives the active token back to its parent, without time limit', async () => {
    const { client } = await signedInClient()
    const old = (await client.auth.getSession()).data.session!.refresh_token
    const active = (await client.auth.refreshSession()).data.session!.refresh_token
    await sql(
      `update auth.refresh_tokens set updated_at = now() - interval '1 hour' where token = $1`,
      [old],
    )
    const res = await refresh(old)
    expect(res.status).toBe(200)
    expect(res.json.refresh_token).toBe(active)
  })

  it('issues a new child for a revoked token reused within the reuse interval', async () => {
    const { client } = await signedInClient()
    const a = (await client.auth.getSession()).data.session!.refresh_token
    const b = (await refresh(a)).json.refresh_token
    const c = (await refresh(b)).json.refresh_token
    // `a` is no longer the parent of the active token `c`, but was revoked just now.
    const res = await refresh(a)
    expect(res.status).toBe(200)
    expect([a, b, c]).not.toContain(res.json.refresh_token)
  })

  it('ends the whole session when an old token comes back after the reuse interval', async () => {
    const { client, userId } = await signedInClient()
    const session = (await client.auth.getSession()).data.session!
    const a = session.refresh_token
    const b = (await refresh(a)).json.refresh_token
    const c = (await refresh(b)).json
    await sql(
      `update auth.refresh_tokens set updated_at = now() - interval '11 seconds' where token = $1`,
      [a],
    )
    const reuse = await refresh(a)
    expect(reuse.status).toBe(400)
    expect(reuse.json).toEqual({
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    })
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(0)
    // Neither the current refresh token nor the current access token works any more.
    expect((await refresh(c.refresh_token)).json.code).toBe('refresh_token_not_found')
    const me = await authFetch('/user', { bearer: c.access_token })
    expect(me.status).toBe(403)
    expect(me.json.code).toBe('session_not_found')
  })

  it('refuses an unknown token, and asks for a missing one in OAuth shape', async () => {
    const unknown = await refresh('aaaaaaaaaaaa')
    expect(unknown.status).toBe(400)
    expect(unknown.json.code).toBe('refresh_token_not_found')
    const missing = await authFetch('/token?grant_type=refresh_token', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.json).toEqual({
      error: 'invalid_request',
      error_description: 'refresh_token required',
    })
  })
})

describe('the signed-in user', () => {
  it('reads and merges metadata; null deletes a key', async () => {
    const { client } = await signedInClient({ data: { display_name: 'Ans', locale: 'nl' } })
    const { data, error } = await client.auth.updateUser({
      data: { locale: 'tr', display_name: null, buurt: 'Erp' },
    })
    expect(error).toBeNull()
    expect(data.user!.user_metadata).toMatchObject({ locale: 'tr', buurt: 'Erp' })
    expect(data.user!.user_metadata).not.toHaveProperty('display_name')
    const { data: me } = await client.auth.getUser()
    expect(me.user?.user_metadata.locale).toBe('tr')
  })

  it('refuses app_metadata from the user', async () => {
    const { client } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.access_token
    const res = await authFetch('/user', {
      method: 'PUT',
      bearer: token,
      body: { app_metadata: { role: 'admin' } },
    })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('not_admin')
  })

  it('changes the password, refuses the same one, and ends the other sessions', async () => {
    const { client, email, password, userId } = await signedInClient()
    const other = anonClient()
    await other.auth.signInWithPassword({ email, password })
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(2)

    const same = await client.auth.updateUser({ password })
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' })
    const weak = await client.auth.updateUser({ password: 'short' })
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })

    expect((await client.auth.updateUser({ password: 'new-password-for-ans' })).error).toBeNull()
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(1)
    expect((await client.auth.getUser()).error).toBeNull()
    // 403 session_not_found, which auth-js turns into AuthSessionMissingError.
    const { error } = await other.auth.getUser()
    expect(error?.name).toBe('AuthSessionMissingError')
    expect((await anonClient().auth.signInWithPassword({ email, password })).error?.code).toBe(
      'invalid_credentials',
    )
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'new-password-for-ans' }))
        .error,
    ).toBeNull()
  })

  it('stages a new e-mail address until the codes from both mails confirm it', async () => {
    const { client, email, userId } = await signedInClient()
    const taken = await signedInClient()
    const clash = await client.auth.updateUser({ email: taken.email })
    expect(clash.error).toMatchObject({ status: 422, code: 'email_exists' })

    const newEmail = uniqueEmail('moved')
    const { data, error } = await client.auth.updateUser({ email: newEmail })
    expect(error).toBeNull()
    expect(data.user!.email).toBe(email)
    expect(data.user!.new_email).toBe(newEmail)
    const mail = (await latestMail(newEmail))!
    expect(mail.subject).toBe('Klopt je nieuwe e-mailadres?')

    const wrong = await client.auth.verifyOtp({
      email: newEmail,
      token: '000000',
      type: 'email_change',
    })
    expect(wrong.error?.code).toBe('otp_expired')
    const ok = await client.auth.verifyOtp({
      email: newEmail,
      token: codeIn(mail.text),
      type: 'email_change',
    })
    expect(ok.error).toBeNull()
    // The current address confirms too (double_confirm_changes; auth-email-change.test.ts).
    const [staged] = await sql('select email from auth.users where id = $1', [userId])
    expect(staged.email).toBe(email)
    const done = await client.auth.verifyOtp({
      email,
      token: codeIn((await latestMail(email))!.text),
      type: 'email_change',
    })
    expect(done.error).toBeNull()
    expect(done.data.user?.email).toBe(newEmail)
    const [row] = await sql('select email, email_change from auth.users where id = $1', [userId])
    expect(row).toEqual({ email: newEmail, email_change: '' })
  })
})

describe('sign-out', () => {
  it('local ends only this session, global ends all of them', async () => {
    const { client, email, password, userId } = await signedInClient()
    const second = anonClient()
    await second.auth.signInWithPassword({ email, password })
    const third = anonClient()
    await third.auth.signInWithPassword({ email, password })

    expect((await client.auth.signOut({ scope: 'local' })).error).toBeNull()
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(2)
    expect((await second.auth.getUser()).error).toBeNull()

    expect((await second.auth.signOut({ scope: 'others' })).error).toBeNull()
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(1)
    expect((await third.auth.getUser()).error).not.toBeNull()

    const token = (await second.auth.getSession()).data.session!.access_token
    const res = await authFetch('/logout', { bearer: token, body: {} })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await sql('select 1 from auth.sessions where user_id = $1', [userId])).toHaveLength(0)
  })
})

describe('access tokens that GET /user refuses', () => {
  async function claims() {
    const { client } = await signedInClient()
    const token = (await client.auth.getSession()).data.session!.access_token
    return { token, payload: decodeJwt(token).payload }
  }

  it('accepts the real token', async () => {
    const { token } = await claims()
    expect((await authFetch('/user', { bearer: token })).status).toBe(200)
  })

  it('refuses a tampered token', async () => {
    const { token, payload } = await claims()
    const [h, , s] = token.split('.')
    const body = Buffer.from(JSON.stringify({ ...payload, role: 'service_role' })).toString(
      'base64url',
    )
    const res = await authFetch('/user', { bearer: `${h}.${body}.${s}` })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('bad_jwt')
    const viaClient = await anonClient().auth.getUser(`${h}.${body}.${s}`)
    expect(viaClient.error).toMatchObject({ status: 403, code: 'bad_jwt' })
  })

  it('refuses an expired token', async () => {
    const { payload } = await claims()
    const now = Math.floor(Date.now() / 1000)
    const expired = await signJwt(payload, { iat: now - 7200, exp: now - 60 })
    const res = await authFetch('/user', { bearer: expired })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('bad_jwt')
    // The same claims, signed the same way but still valid, pass: the expiry is what failed.
    const fresh = await signJwt(payload, { iat: now, exp: now + 60 })
    expect((await authFetch('/user', { bearer: fresh })).status).toBe(200)
  })

  it("refuses a token with alg 'none'", async () => {
    const { payload } = await claims()
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const res = await authFetch('/user', {
      bearer: `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`,
    })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('bad_jwt')
  })

  it('refuses the token of a user who was banned after signing in', async () => {
    const { token, payload } = await claims()
    await sql(`update auth.users set banned_until = now() + interval '1 hour' where id = $1`, [
      payload.sub,
    ])
    const res = await authFetch('/user', { bearer: token })
    expect(res.status).toBe(403)
    expect(res.json.code).toBe('user_banned')
  })

  it('refuses a token whose session is gone, and a missing token', async () => {
    const { token, payload } = await claims()
    await sql('delete from auth.sessions where id = $1', [payload.session_id])
    const gone = await authFetch('/user', { bearer: token })
    expect(gone.status).toBe(403)
    expect(gone.json.code).toBe('session_not_found')
    const none = await authFetch('/user', { headers: { authorization: '' } })
    expect(none.status).toBe(401)
    expect(none.json.code).toBe('no_authorization')
  })
})
