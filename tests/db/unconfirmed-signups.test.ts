// One way in: anyone can ask for a code, so an account exists before its address is proven.
// Until the code is used it appears nowhere for the team, and after a day it is erased.
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, sql, uniqueEmail } from '../support/clients.ts'
import { createUser } from '../support/users.ts'
import { codeIn } from '../stack/auth-helpers.ts'

/** Someone types an address and gets a code, but does not (yet) use it. */
async function askForCode(name: string) {
  const email = uniqueEmail('pending')
  const { error } = await anonClient().auth.signInWithOtp({
    email,
    options: { data: { display_name: name } },
  })
  expect(error).toBeNull()
  const [row] = await sql<{ id: string }>('select id from auth.users where email = $1', [email])
  return { email, id: row.id }
}

describe('an address that never entered its code', () => {
  it('appears in no people list or search until the code is used', async () => {
    const name = `Onbevestigd ${crypto.randomUUID().slice(0, 6)}`
    const pending = await askForCode(name)
    // The profile row exists (made by the trigger), but the API does not show it.
    expect(await sql('select 1 from public.profiles where id = $1', [pending.id])).toHaveLength(1)

    const moderator = await createUser({ role: 'moderator' })
    const admin = await createUser({ role: 'admin' })
    // The coalition member search: profiles by display name.
    const search = await moderator.client
      .from('profiles')
      .select('id, display_name')
      .ilike('display_name', `%${name}%`)
    expect(search.error).toBeNull()
    expect(search.data).toEqual([])
    const byId = await anonClient().from('profiles').select('id').eq('id', pending.id)
    expect(byId.data).toEqual([])
    const people = await admin.client.rpc('admin_find_people', { query: pending.email })
    expect(people.error).toBeNull()
    expect(people.data).toEqual([])

    // The code is used: now the person is there for everyone who may see them.
    const code = codeIn((await latestMail(pending.email))!.text)
    const verified = await anonClient().auth.verifyOtp({
      email: pending.email,
      token: code,
      type: 'email',
    })
    expect(verified.error).toBeNull()
    const after = await moderator.client
      .from('profiles')
      .select('id, display_name')
      .ilike('display_name', `%${name}%`)
    expect(after.data).toEqual([{ id: pending.id, display_name: name }])
    const found = await admin.client.rpc('admin_find_people', { query: pending.email })
    expect(found.data).toMatchObject([{ id: pending.id, email: pending.email }])
  })
})

describe('private.erase_unconfirmed_signups()', () => {
  it('erases addresses whose last code is more than a day old, and nothing else', async () => {
    const old = await askForCode('Oud')
    const fresh = await askForCode('Vers')
    const confirmedOld = await createUser()
    await sql(
      `update auth.users set created_at = now() - interval '3 days',
         confirmation_sent_at = now() - interval '25 hours' where id = any($1::uuid[])`,
      [[old.id, confirmedOld.id]],
    )
    // An address that asked again an hour ago keeps its day.
    const retried = await askForCode('Opnieuw')
    await sql(
      `update auth.users set created_at = now() - interval '3 days',
         confirmation_sent_at = now() - interval '1 hour' where id = $1`,
      [retried.id],
    )

    const [{ erased }] = await sql<{ erased: number }>(
      'select private.erase_unconfirmed_signups() as erased',
    )
    expect(erased).toBeGreaterThanOrEqual(1)
    const left = await sql<{ id: string }>('select id from auth.users where id = any($1::uuid[])', [
      [old.id, fresh.id, confirmedOld.id, retried.id],
    ])
    expect(left.map((r) => r.id).sort()).toEqual([fresh.id, confirmedOld.id, retried.id].sort())
    expect(await sql('select 1 from public.profiles where id = $1', [old.id])).toHaveLength(0)
  })

  it('may be run by the service role only', async () => {
    const [grant] = await sql<{ anon: boolean; authenticated: boolean; service: boolean }>(
      `select has_function_privilege('anon', 'private.erase_unconfirmed_signups(interval)', 'execute') as anon,
              has_function_privilege('authenticated', 'private.erase_unconfirmed_signups(interval)', 'execute') as authenticated,
              has_function_privilege('service_role', 'private.erase_unconfirmed_signups(interval)', 'execute') as service`,
    )
    expect(grant).toEqual({ anon: false, authenticated: false, service: true })
  })
})
