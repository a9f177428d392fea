// Changing the e-mail address needs a code from the new address and one from the current one
// (config.toml `double_confirm_changes = true`, as hosted Supabase): whoever holds a session, but
// not the mailbox, cannot move the account to an address of their own.
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, signedInClient, sql, uniqueEmail } from '../support/clients.ts'
import { authFetch, codeIn, linkIn } from './auth-helpers.ts'

const ACCEPTED = {
  msg: 'Confirmation link accepted. Please proceed to confirm link sent to the other email',
  code: '200',
}

async function addresses(userId: string) {
  const [row] = await sql<{ email: string; email_change: string }>(
    'select email, email_change from auth.users where id = $1',
    [userId],
  )
  return row
}

async function startChange() {
  const me = await signedInClient()
  const newEmail = uniqueEmail('moved')
  const { data, error } = await me.client.auth.updateUser({ email: newEmail })
  expect(error).toBeNull()
  expect(data.user!.email).toBe(me.email)
  expect(data.user!.new_email).toBe(newEmail)
  const toNew = (await latestMail(newEmail))!
  const toCurrent = (await latestMail(me.email))!
  expect(toNew.subject).toBe('Klopt je nieuwe e-mailadres?')
  expect(toCurrent.subject).toBe('Klopt je nieuwe e-mailadres?')
  for (const mail of [toNew, toCurrent]) {
    expect(mail.text).toContain(`Je wilt ${newEmail} gebruiken als e-mailadres voor Emmer.`)
  }
  expect(codeIn(toNew.text)).not.toBe(codeIn(toCurrent.text))
  return {
    ...me,
    newEmail,
    newCode: codeIn(toNew.text),
    currentCode: codeIn(toCurrent.text),
    newLink: linkIn(toNew.text),
    currentLink: linkIn(toCurrent.text),
  }
}

const confirm = (email: string, token: string) =>
  authFetch('/verify', { body: { email, token, type: 'email_change' } })

describe('changing the e-mail address', () => {
  it('keeps the old address when only the new one confirms', async () => {
    const { email, userId, newEmail, newCode } = await startChange()
    const first = await confirm(newEmail, newCode)
    expect(first).toMatchObject({ status: 200, json: ACCEPTED })
    expect(await addresses(userId)).toEqual({ email, email_change: newEmail })
    // The same code again does nothing more, and the account still signs in at the old address.
    expect((await confirm(newEmail, newCode)).status).toBe(403)
    expect(await addresses(userId)).toEqual({ email, email_change: newEmail })
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'correct-horse-battery' }))
        .error,
    ).toBeNull()
  })

  it('moves the account once both addresses confirmed, in either order', async () => {
    for (const order of ['new first', 'current first'] as const) {
      const { email, userId, newEmail, newCode, currentCode } = await startChange()
      const steps: [string, string][] = [
        [newEmail, newCode],
        [email, currentCode],
      ]
      if (order === 'current first') steps.reverse()
      const first = await confirm(...steps[0])
      expect(first, order).toMatchObject({ status: 200, json: ACCEPTED })
      expect((await addresses(userId)).email, order).toBe(email)
      const second = await confirm(...steps[1])
      expect(second.status, order).toBe(200)
      expect(second.json.user.email, order).toBe(newEmail)
      expect(second.json.access_token, order).toBeTruthy()
      expect(await addresses(userId), order).toEqual({ email: newEmail, email_change: '' })
    }
  })

  it('does not take a wrong code from the current address', async () => {
    const { email, userId, newEmail, newCode, currentCode } = await startChange()
    const wrong = String((Number(currentCode) + 1) % 1_000_000).padStart(6, '0')
    expect((await confirm(email, wrong)).status).toBe(403)
    expect((await confirm(newEmail, newCode)).json).toEqual(ACCEPTED)
    expect((await addresses(userId)).email).toBe(email)
  })

  it('takes the links from both mails as well, and says so after the first', async () => {
    const { email, userId, newEmail, newLink, currentLink } = await startChange()
    const first = await fetch(newLink, { redirect: 'manual' })
    expect(first.status).toBe(303)
    const hash = new URLSearchParams(first.headers.get('location')!.split('#')[1])
    expect(Object.fromEntries(hash)).toEqual({ message: ACCEPTED.msg, sb: '' })
    expect((await addresses(userId)).email).toBe(email)
    const second = await fetch(currentLink, { redirect: 'manual' })
    expect(second.headers.get('location')).toMatch(/#access_token=/)
    expect(await addresses(userId)).toEqual({ email: newEmail, email_change: '' })
  })
})
