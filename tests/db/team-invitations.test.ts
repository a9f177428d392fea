// Admins invite a moderator or a partner contact by e-mail. The role comes from the database
// (invite_to_team, admins with a second factor only), when the invited address is confirmed;
// never from the invite's metadata.
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, serviceClient, sql, uniqueEmail } from '../support/clients.ts'
import { clientAs, createUser, SEED } from '../support/users.ts'

/** Opens the invite link from the mailbox and returns the new person's id. */
async function acceptInvite(email: string): Promise<string> {
  const mail = (await latestMail(email))!
  const link = /(https?:\/\/\S+\/auth\/v1\/verify\?\S+)/.exec(mail.text)![1]
  const res = await fetch(link, { redirect: 'manual' })
  expect(res.status).toBe(303)
  const [row] = await sql<{ id: string }>('select id from auth.users where email = $1', [email])
  return row.id
}

async function roleOf(id: string) {
  const [row] = await sql<{ role: string; organisation_id: string | null }>(
    'select role, organisation_id from public.profiles where id = $1',
    [id],
  )
  return row
}

describe('invite_to_team', () => {
  it('gives the invited address its role when the invite is accepted', async () => {
    const admin = await createUser({ role: 'admin' })
    const email = uniqueEmail('nieuwe-moderator')
    const recorded = await admin.client.rpc('invite_to_team', {
      p_email: ` ${email.toUpperCase()} `,
      p_role: 'moderator',
    })
    expect(recorded.error).toBeNull()
    // The mail is Auth's (the service role); metadata claiming a role counts for nothing.
    const sent = await serviceClient().auth.admin.inviteUserByEmail(email, {
      data: { role: 'admin' },
    })
    expect(sent.error).toBeNull()
    expect((await roleOf(sent.data.user!.id)).role).toBe('resident')

    const id = await acceptInvite(email)
    expect(await roleOf(id)).toEqual({ role: 'moderator', organisation_id: null })
    expect(await sql('select 1 from private.team_invitations where email = $1', [email])).toEqual(
      [],
    )
  })

  it('makes a partner of the given organisation', async () => {
    const admin = await createUser({ role: 'admin' })
    const email = uniqueEmail('partner-contact')
    const org = SEED.organisations.woonbedrijf
    expect(
      (
        await admin.client.rpc('invite_to_team', {
          p_email: email,
          p_role: 'partner',
          p_organisation: org,
        })
      ).error,
    ).toBeNull()
    expect((await serviceClient().auth.admin.inviteUserByEmail(email)).error).toBeNull()
    const id = await acceptInvite(email)
    expect(await roleOf(id)).toEqual({ role: 'partner', organisation_id: org })
  })

  it('refuses everyone but an admin with a second factor, and records nothing', async () => {
    const email = uniqueEmail('not-invited')
    const moderator = await createUser({ role: 'moderator' })
    const resident = await createUser()
    const adminWithoutFactor = await createUser({ role: 'admin' })
    const weak = await clientAs(adminWithoutFactor.id, { aal: 'aal1' })
    for (const client of [moderator.client, resident.client, weak, anonClient()]) {
      const { error } = await client.rpc('invite_to_team', { p_email: email, p_role: 'moderator' })
      expect(error).not.toBeNull()
    }
    expect(await sql('select 1 from private.team_invitations where email = $1', [email])).toEqual(
      [],
    )
  })

  it('refuses admin as a role, a partner without organisation and a bad address', async () => {
    const admin = await createUser({ role: 'admin' })
    const cases = [
      [{ p_email: uniqueEmail('x'), p_role: 'admin' }, 'invite_role_not_allowed'],
      [{ p_email: uniqueEmail('x'), p_role: 'partner' }, 'invite_organisation_mismatch'],
      [{ p_email: 'geen-adres', p_role: 'moderator' }, 'invalid_email'],
    ] as const
    for (const [args, message] of cases) {
      const { error } = await admin.client.rpc('invite_to_team', args)
      expect(error?.message).toBe(message)
    }
  })

  it('does not hand a role to a person who confirms some other address', async () => {
    const admin = await createUser({ role: 'admin' })
    const invited = uniqueEmail('invited-only')
    expect(
      (await admin.client.rpc('invite_to_team', { p_email: invited, p_role: 'moderator' })).error,
    ).toBeNull()
    // Someone signs up with a look-alike address and confirms it: nothing happens.
    const other = invited.replace('invited-only', 'invited-0nly')
    const { error } = await anonClient().auth.signInWithOtp({ email: other })
    expect(error).toBeNull()
    const code = /^\s*(\d{6})\s*$/m.exec((await latestMail(other))!.text)![1]
    const verified = await anonClient().auth.verifyOtp({ email: other, token: code, type: 'email' })
    expect(verified.error).toBeNull()
    expect((await roleOf(verified.data.user!.id)).role).toBe('resident')
    expect(
      await sql('select 1 from private.team_invitations where email = $1', [invited]),
    ).toHaveLength(1)
  })
})
