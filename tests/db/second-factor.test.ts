// A team member's stolen password is not enough: Postgres reads `aal` from the JWT. An admin at
// aal1 cannot change roles, approve partners or edit the reference lists; a moderator who enrolled
// a factor cannot moderate at aal1; a moderator without a factor still can. The allowed path with
// aal2 sits beside every refusal.
import { randomUUID } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { signedInClient, sql } from '../support/clients.ts'
import { arrangeIdea, clientAs, createUser, SEED } from '../support/users.ts'

async function addVerifiedFactor(userId: string, status = 'verified') {
  await sql(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, '', 'totp', $3::auth.factor_status, now(), now(), 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')`,
    [randomUUID(), userId, status],
  )
}

const secondFactorRequired = expect.objectContaining({
  code: '42501',
  message: 'second_factor_required',
})

describe('admin powers need aal2', () => {
  it('an admin at aal1 cannot change a role; at aal2 they can', async () => {
    const admin = await createUser({ role: 'admin' })
    const target = await createUser()
    const weak = await clientAs(admin.id, { aal: 'aal1' })
    const denied = await weak.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(denied.error).toEqual(secondFactorRequired)
    expect(await sql('select role from public.profiles where id = $1', [target.id])).toEqual([
      { role: 'resident' },
    ])

    const strong = await clientAs(admin.id, { aal: 'aal2' })
    const allowed = await strong.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(allowed.error).toBeNull()
    expect(await sql('select role from public.profiles where id = $1', [target.id])).toEqual([
      { role: 'moderator' },
    ])
  })

  it('an admin at aal1 cannot approve a partner request or look people up', async () => {
    const admin = await createUser({ role: 'admin' })
    const asker = await createUser()
    const requestId = randomUUID()
    await sql(
      `insert into public.partner_requests (id, profile_id, organisation_id) values ($1, $2, $3)`,
      [requestId, asker.id, SEED.organisations.lumens],
    )
    const weak = await clientAs(admin.id, { aal: 'aal1' })
    expect((await weak.rpc('approve_partner_request', { request_id: requestId })).error).toEqual(
      secondFactorRequired,
    )
    expect((await weak.rpc('admin_find_people', { query: 'Testbuur' })).error).toEqual(
      secondFactorRequired,
    )
    // The pending request is not even visible to the admin at aal1.
    expect((await weak.from('partner_requests').select('id').eq('id', requestId)).data).toEqual([])
    expect(
      await sql(
        'select status::text, p.role::text from public.partner_requests r join public.profiles p on p.id = r.profile_id where r.id = $1',
        [requestId],
      ),
    ).toEqual([{ status: 'pending', role: 'resident' }])

    const strong = await clientAs(admin.id, { aal: 'aal2' })
    expect(
      (await strong.rpc('approve_partner_request', { request_id: requestId })).error,
    ).toBeNull()
    expect(
      await sql('select status::text from public.partner_requests where id = $1', [requestId]),
    ).toEqual([{ status: 'approved' }])
  })

  it('an admin at aal1 cannot add, rename or delete reference data', async () => {
    const admin = await createUser({ role: 'admin' })
    const weak = await clientAs(admin.id, { aal: 'aal1' })
    const slug = `thema-${randomUUID().slice(0, 8)}`
    const insert = await weak.from('themes').insert({ slug, position: 98 })
    expect(insert.error?.code).toBe('42501')
    await weak
      .from('neighbourhoods')
      .update({ name: 'Gekaapt' })
      .eq('id', SEED.neighbourhoods.limbeekNoord)
    await weak.from('organisations').delete().eq('id', SEED.organisations.lumens)
    expect(
      await sql('select name from public.neighbourhoods where id = $1', [
        SEED.neighbourhoods.limbeekNoord,
      ]),
    ).not.toEqual([{ name: 'Gekaapt' }])
    expect(
      await sql('select 1 as n from public.organisations where id = $1', [
        SEED.organisations.lumens,
      ]),
    ).toEqual([{ n: 1 }])
    expect(await sql('select 1 from public.themes where slug = $1', [slug])).toEqual([])

    const strong = await clientAs(admin.id, { aal: 'aal2' })
    expect((await strong.from('themes').insert({ slug, position: 99 })).error).toBeNull()
    expect(await sql('select position from public.themes where slug = $1', [slug])).toEqual([
      { position: 99 },
    ])
    await sql('delete from public.themes where slug = $1', [slug])
  })

  it('an admin at aal1 cannot moderate either, even without a factor', async () => {
    const admin = await createUser({ role: 'admin' })
    const ideaId = await arrangeIdea(null)
    const weak = await clientAs(admin.id, { aal: 'aal1' })
    const { error } = await weak.rpc('hide_idea', { idea_id: ideaId, reason: 'Spam' })
    expect(error).toEqual(secondFactorRequired)
    expect(await sql('select hidden_at from public.ideas where id = $1', [ideaId])).toEqual([
      { hidden_at: null },
    ])
  })
})

describe('moderator powers need aal2 once the moderator enrolled a factor', () => {
  it('a moderator with a verified factor cannot moderate at aal1; at aal2 they can', async () => {
    const moderator = await createUser({ role: 'moderator' })
    await addVerifiedFactor(moderator.id)
    const ideaId = await arrangeIdea(null)
    const weak = await clientAs(moderator.id, { aal: 'aal1' })
    const denied = await weak.rpc('hide_idea', { idea_id: ideaId, reason: 'Spam' })
    expect(denied.error).toEqual(secondFactorRequired)
    expect(await sql('select hidden_at from public.ideas where id = $1', [ideaId])).toEqual([
      { hidden_at: null },
    ])
    // Nor can they read the team's log at aal1.
    expect((await weak.from('moderation_log').select('id').limit(1)).data).toEqual([])

    const strong = await clientAs(moderator.id, { aal: 'aal2' })
    expect((await strong.rpc('hide_idea', { idea_id: ideaId, reason: 'Spam' })).error).toBeNull()
    const [row] = await sql('select hidden_at from public.ideas where id = $1', [ideaId])
    expect(row.hidden_at).not.toBeNull()
  })

  it('a moderator without a factor (or with an unverified one) still moderates at aal1', async () => {
    const plain = await createUser({ role: 'moderator' })
    const halfway = await createUser({ role: 'moderator' })
    await addVerifiedFactor(halfway.id, 'unverified')
    for (const m of [plain, halfway]) {
      const ideaId = await arrangeIdea(null)
      const { error } = await m.client.rpc('hide_idea', { idea_id: ideaId, reason: 'Spam' })
      expect(error).toBeNull()
    }
  })

  it("another person's factor does not lock a moderator out", async () => {
    const moderator = await createUser({ role: 'moderator' })
    const other = await createUser({ role: 'moderator' })
    await addVerifiedFactor(other.id)
    const ideaId = await arrangeIdea(null)
    const { error } = await moderator.client.rpc('hide_idea', { idea_id: ideaId, reason: 'Spam' })
    expect(error).toBeNull()
  })
})

describe('through the real Auth server', () => {
  it('an admin signed in with a password is refused until they verify their TOTP code', async () => {
    const { client, userId } = await signedInClient()
    await sql(`update public.profiles set role = 'admin' where id = $1`, [userId])
    const target = await createUser()
    const enrol = await client.auth.mfa.enroll({ factorType: 'totp' })
    const totp = new TOTP({ secret: Secret.fromBase32(enrol.data!.totp.secret) })

    const before = await client.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(before.error).toEqual(secondFactorRequired)

    const verified = await client.auth.mfa.challengeAndVerify({
      factorId: enrol.data!.id,
      code: totp.generate(),
    })
    expect(verified.error).toBeNull()
    const after = await client.rpc('set_role', { profile_id: target.id, role: 'moderator' })
    expect(after.error).toBeNull()
    expect(await sql('select role from public.profiles where id = $1', [target.id])).toEqual([
      { role: 'moderator' },
    ])
  })
})
