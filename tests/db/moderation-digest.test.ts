// The e-mail digest end to end: opt-in setting, unread berichten, SMTP into the stack's mailbox.
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

  const { smtpUrl, dbUrl } = stackInfo()
  const first = await runDigest({ dbUrl, smtpUrl, log: () => {} })
  expect(first.sent).toContain(partner.email)
  expect(first.sent).not.toContain(quiet.email)
  const mail = await latestMail(partner.email)
  expect(mail?.subject).toBe('Je berichten van Emmer: 1 nieuw')
  expect(mail?.text).toContain('Hallo Roos')
  expect(mail?.text).toContain('Nieuw idee in een buurt die je volgt: Moestuin bij de school')

  const again = await runDigest({ dbUrl, smtpUrl, log: () => {} })
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

  const { smtpUrl, dbUrl } = stackInfo()
  const run = await runDigest({ dbUrl, smtpUrl, appUrl: 'http://emmer.test', log: () => {} })
  expect(run.sent).toContain(moderator.email)
  expect(run.sent).not.toContain(reporter.email)
  const mail = await latestMail(moderator.email)
  expect(mail?.text).toContain(
    'Nieuwe melding over een idee of een reactie: Een idee dat iemand meldt\n  http://emmer.test/team/meldingen',
  )
})
