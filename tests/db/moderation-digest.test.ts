// The e-mail digest end to end: opt-in setting (any role), unread berichten as the person may see
// them now, sent by the digest Edge Function (through `npm run digest`'s runDigest) over SMTP
// into the stack's mailbox.
import { expect, it } from 'vitest'
import { runDigest } from '../../scripts/digest.ts'
import { latestMail, sql, stackInfo } from '../support/clients.ts'
import { arrangeIdea, createUser, SEED } from '../support/users.ts'

it('mails a partner who chose a daily digest their unread berichten, once per day, and nobody else', async () => {
  const partner = await createUser({ role: 'partner', meta: { display_name: 'Roos' } })
  const quiet = await createUser()
  await partner.client.from('follows').insert({ neighbourhood_id: SEED.neighbourhoods.eckartdal })
  await quiet.client.from('follows').insert({ neighbourhood_id: SEED.neighbourhoods.eckartdal })
  expect(
    (await partner.client.from('digest_settings').upsert({ frequency: 'daily' })).error,
  ).toBeNull()
  await arrangeIdea(null, {
    neighbourhood_id: SEED.neighbourhoods.eckartdal,
    title: 'Moestuin bij de school',
  })

  const { apiUrl, serviceRoleKey } = stackInfo()
  const first = await runDigest({ apiUrl, serviceRoleKey, log: () => {} })
  expect(first.sent).toContain(partner.email)
  expect(first.sent).not.toContain(quiet.email)
  const mail = await latestMail(partner.email)
  expect(mail?.subject).toBe('Je berichten van Emmer: 1 nieuw')
  expect(mail?.text).toContain('Hallo Roos')
  expect(mail?.text).toContain('Nieuw idee in een buurt die je volgt: Moestuin bij de school')
  // The way out is on My page, which every role has (not the partners' page).
  expect(mail?.text).toMatch(
    /Zet hem uit bij Mijn Emmer:\nhttp:\/\/127\.0\.0\.1:5173\/mijn\n\nEmmer · Woensel-Zuid$/,
  )
  expect(mail?.text).not.toContain('mijn-buurten')

  const again = await runDigest({ apiUrl, serviceRoleKey, log: () => {} })
  expect(again.sent).not.toContain(partner.email)
  const [row] = await sql('select last_sent_at from public.digest_settings where user_id = $1', [
    partner.id,
  ])
  expect(row.last_sent_at).not.toBeNull()
})

it("tells a moderator who chose a digest about a new report, with the link to the team's reports", async () => {
  const moderator = await createUser({ role: 'moderator', meta: { display_name: 'Mo' } })
  const reporter = await createUser()
  expect(
    (await moderator.client.from('digest_settings').upsert({ frequency: 'daily' })).error,
  ).toBeNull()
  const idea = await arrangeIdea(null, { title: 'Een idee dat iemand meldt' })
  expect(
    (await reporter.client.from('reports').insert({ idea_id: idea, reason: 'Dit klopt niet.' }))
      .error,
  ).toBeNull()

  const { apiUrl, serviceRoleKey } = stackInfo()
  const run = await runDigest({ apiUrl, serviceRoleKey, log: () => {} })
  expect(run.sent).toContain(moderator.email)
  expect(run.sent).not.toContain(reporter.email)
  const mail = await latestMail(moderator.email)
  expect(mail?.text).toContain(
    'Nieuwe melding over een idee of een reactie: Een idee dat iemand meldt\n  http://127.0.0.1:5173/team/meldingen',
  )
})

it('mails a resident who chose a weekly digest what happened to their idea, in words, but nothing about a hidden idea', async () => {
  const resident = await createUser({ meta: { display_name: 'Sanne' } })
  const moderator = await createUser({ role: 'moderator' })
  expect(
    (await resident.client.from('digest_settings').upsert({ frequency: 'weekly' })).error,
  ).toBeNull()
  const own = await arrangeIdea(resident.id, { title: 'Bloembakken in de Hoefkestraat' })
  const followed = await arrangeIdea(null, { title: 'Een geheim idee van iemand anders' })
  expect((await resident.client.from('follows').insert({ idea_id: followed })).error).toBeNull()
  for (const id of [own, followed]) {
    const { error } = await moderator.client.rpc('set_idea_status', {
      idea_id: id,
      status: 'in_progress',
      message: 'We gaan ermee aan de slag met de buurt. We laten weten hoe het gaat.',
    })
    expect(error).toBeNull()
  }
  // Hidden after the resident got a bericht about it: stored, but no longer theirs to read.
  await sql(
    `update public.ideas set hidden_at = now(), hidden_reason = 'Dit hoort niet in de emmer.' where id = $1`,
    [followed],
  )
  expect(
    await sql('select 1 from public.notifications where user_id = $1 and idea_id = $2', [
      resident.id,
      followed,
    ]),
  ).toHaveLength(1)

  const { apiUrl, serviceRoleKey } = stackInfo()
  const run = await runDigest({ apiUrl, serviceRoleKey, log: () => {} })
  expect(run.sent).toContain(resident.email)
  const mail = await latestMail(resident.email)
  expect(mail?.subject).toBe('Je berichten van Emmer: 1 nieuw')
  expect(mail?.text).toContain(
    [
      '- Er is nieuws over een idee dat je volgt: Bloembakken in de Hoefkestraat',
      '  Wat er nu met het idee gebeurt: Mee bezig',
      `  http://127.0.0.1:5173/idee/${own}`,
    ].join('\n'),
  )
  expect(mail?.text).not.toContain('geheim')
  expect(mail?.text).not.toContain(followed)
  expect(mail?.text).toMatch(
    /Mijn Emmer:\nhttp:\/\/127\.0\.0\.1:5173\/mijn\n\nEmmer · Woensel-Zuid$/,
  )
})

it("lets a resident choose and change their own digest, the way the app saves it, and nobody else's", async () => {
  const [resident, other] = await Promise.all([createUser(), createUser()])
  const frequencyOf = async (id: string) =>
    (await sql('select frequency from public.digest_settings where user_id = $1', [id]))[0]
      ?.frequency as string | undefined
  // As src/api/digest.ts: no user_id (it defaults to auth.uid()), upsert on it.
  for (const frequency of ['weekly', 'daily']) {
    const { error } = await resident.client
      .from('digest_settings')
      .upsert({ frequency }, { onConflict: 'user_id' })
    expect(error).toBeNull()
    expect(await frequencyOf(resident.id)).toBe(frequency)
  }
  // Denied: a row for someone else, new or existing.
  const forOther = await resident.client
    .from('digest_settings')
    .insert({ user_id: other.id, frequency: 'daily' })
  expect(forOther.error?.code).toBe('42501')
  expect(await frequencyOf(other.id)).toBeUndefined()
  expect(
    (await other.client.from('digest_settings').upsert({ frequency: 'weekly' })).error,
  ).toBeNull()
  const { data } = await resident.client
    .from('digest_settings')
    .update({ frequency: 'off' })
    .eq('user_id', other.id)
    .select('user_id')
  expect(data).toEqual([])
  expect(await frequencyOf(other.id)).toBe('weekly')
})
