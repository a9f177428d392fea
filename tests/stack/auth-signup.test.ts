// Sign-up, password sign-in and the e-mail code, with confirmations off (Supabase's local
// default, on the shared stack) and on (as in production, on a private stack). Sign-up must never
// set a password on, or confirm, an account whose mailbox nobody has proven.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stack } from '../../supabase/local/stack.ts'
import { startTestStack } from '../setup/stack.ts'
import { stackInfo, uniqueEmail } from '../support/clients.ts'
import { clientsFor, codeIn } from './auth-helpers.ts'

let confirming: Stack

beforeAll(async () => {
  confirming = await startTestStack({ auth: { confirmations: true } })
}, 90_000)

afterAll(async () => {
  await confirming?.stop()
})

const modes = [
  {
    mode: 'auto-confirm (local default)',
    confirmations: false,
    env: () => clientsFor(stackInfo()),
  },
  { mode: 'confirmations on', confirmations: true, env: () => clientsFor(confirming.info) },
]

describe.each(modes)('with $mode', ({ confirmations, env }) => {
  it('does not hand a pending account to whoever signs up with its address', async () => {
    const { anon, latestMail, sql } = env()
    const victim = uniqueEmail('pending')
    // The owner asks for a sign-in code and has not typed it yet.
    expect((await anon().auth.signInWithOtp({ email: victim })).error).toBeNull()
    const ownersCode = codeIn((await latestMail(victim))!.text)

    const attacker = anon()
    const attempt = await attacker.auth.signUp({ email: victim, password: 'attackers-password' })
    expect(attempt.data.session).toBeNull()
    expect((await attacker.auth.getSession()).data.session).toBeNull()
    const [row] = await sql(
      'select encrypted_password, email_confirmed_at from auth.users where email = $1',
      [victim],
    )
    expect(row.email_confirmed_at).toBeNull()
    expect(row.encrypted_password).toBe('')

    // The owner's code still works, and the attacker's password does not.
    const owner = await anon().auth.verifyOtp({ email: victim, token: ownersCode, type: 'email' })
    expect(owner.error).toBeNull()
    expect(owner.data.session).toBeTruthy()
    const stolen = await anon().auth.signInWithPassword({
      email: victim,
      password: 'attackers-password',
    })
    expect(stolen.error).toMatchObject({ status: 400, code: 'invalid_credentials' })
    expect(stolen.data.session).toBeNull()
  })

  it('signs up with a password, then signs in with it', async () => {
    const { anon, latestMail, fetch } = env()
    const email = uniqueEmail('newcomer')
    const { data, error } = await anon().auth.signUp({
      email,
      password: 'newcomers-password',
      options: { data: { display_name: 'Noor' } },
    })
    expect(error).toBeNull()
    expect(data.user?.email).toBe(email)
    expect((await fetch('/settings')).json.mailer_autoconfirm).toBe(!confirmations)

    if (confirmations) {
      // A user without a session, and a code in the mail.
      expect(data.session).toBeNull()
      expect(data.user?.email_confirmed_at).toBeUndefined()
      const early = await anon().auth.signInWithPassword({ email, password: 'newcomers-password' })
      expect(early.error).toMatchObject({ status: 400, code: 'email_not_confirmed' })
      const mail = (await latestMail(email))!
      expect(mail.subject).toBe('Je code voor Emmer')
      const confirmed = await anon().auth.verifyOtp({
        email,
        token: codeIn(mail.text),
        type: 'signup',
      })
      expect(confirmed.error).toBeNull()
      expect(confirmed.data.user?.email_confirmed_at).toBeTruthy()
    } else {
      expect(data.session?.access_token).toBeTruthy()
      expect(await latestMail(email)).toBeUndefined()
    }
    const again = await anon().auth.signInWithPassword({ email, password: 'newcomers-password' })
    expect(again.error).toBeNull()
    expect(again.data.user?.user_metadata.display_name).toBe('Noor')
  })

  it('signs up with the e-mail code and signs in with a code later', async () => {
    const { anon, latestMail, sql } = env()
    const email = uniqueEmail('coder')
    expect((await anon().auth.signInWithOtp({ email })).error).toBeNull()
    const first = await anon().auth.verifyOtp({
      email,
      token: codeIn((await latestMail(email))!.text),
      type: 'email',
    })
    expect(first.error).toBeNull()
    expect(first.data.session).toBeTruthy()

    await sql(
      `update auth.users set confirmation_sent_at = null, recovery_sent_at = null where email = $1`,
      [email],
    )
    expect(
      (await anon().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error,
    ).toBeNull()
    const later = await anon().auth.verifyOtp({
      email,
      token: codeIn((await latestMail(email))!.text),
      type: 'email',
    })
    expect(later.error).toBeNull()
    expect(later.data.user?.id).toBe(first.data.user?.id)
  })

  it('leaves a confirmed account and its password alone when someone signs up with its address', async () => {
    const { anon, latestMail } = env()
    const email = uniqueEmail('owner')
    await anon().auth.signUp({ email, password: 'owners-password' })
    if (confirmations) {
      const mail = (await latestMail(email))!
      await anon().auth.verifyOtp({ email, token: codeIn(mail.text), type: 'signup' })
    }
    const before = await latestMail(email)

    const again = await anon().auth.signUp({ email, password: 'someone-elses-password' })
    expect(again.data.session).toBeNull()
    if (confirmations) {
      // GoTrue's answer: a made-up user, so the answer does not say the address is taken.
      expect(again.error).toBeNull()
      expect(again.data.user?.email).toBe(email)
      expect(again.data.user?.identities).toEqual([])
    } else {
      expect(again.error).toMatchObject({ status: 422, code: 'user_already_exists' })
    }
    expect(await latestMail(email)).toEqual(before)
    const theirs = await anon().auth.signInWithPassword({
      email,
      password: 'someone-elses-password',
    })
    expect(theirs.error).toMatchObject({ code: 'invalid_credentials' })
    const mine = await anon().auth.signInWithPassword({ email, password: 'owners-password' })
    expect(mine.error).toBeNull()
  })
})

describe('with confirmations on, a password nobody has proven', () => {
  const env = () => clientsFor(confirming.info)

  it('does not survive the owner signing in with a code', async () => {
    const { anon, latestMail, sql } = env()
    const victim = uniqueEmail('prehijack')
    // Someone signs up first with the owner's address and a password of their own.
    const early = await anon().auth.signUp({ email: victim, password: 'attackers-password' })
    expect(early.data.session).toBeNull()
    await sql(
      `update auth.users set confirmation_sent_at = now() - interval '61 seconds' where email = $1`,
      [victim],
    )
    // The owner signs in with a code, as the app offers.
    expect((await anon().auth.signInWithOtp({ email: victim })).error).toBeNull()
    const owner = await anon().auth.verifyOtp({
      email: victim,
      token: codeIn((await latestMail(victim))!.text),
      type: 'email',
    })
    expect(owner.error).toBeNull()
    const stolen = await anon().auth.signInWithPassword({
      email: victim,
      password: 'attackers-password',
    })
    expect(stolen.error).toMatchObject({ code: 'invalid_credentials' })
  })

  it('does not survive the owner signing up and typing the code from the mail', async () => {
    const { anon, latestMail } = env()
    const victim = uniqueEmail('prehijack')
    await anon().auth.signUp({ email: victim, password: 'attackers-password' })
    const own = await anon().auth.signUp({ email: victim, password: 'owners-password' })
    expect(own.error).toBeNull()
    expect(own.data.session).toBeNull()
    const owner = await anon().auth.verifyOtp({
      email: victim,
      token: codeIn((await latestMail(victim))!.text),
      type: 'signup',
    })
    expect(owner.error).toBeNull()
    for (const password of ['attackers-password', 'owners-password']) {
      const attempt = await anon().auth.signInWithPassword({ email: victim, password })
      expect(attempt.error, password).toMatchObject({ code: 'invalid_credentials' })
    }
  })
})
