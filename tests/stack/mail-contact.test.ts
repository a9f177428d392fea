// "Stuur een bericht" by mail (issue #16): send_contact_message() queues the message, the
// answer-mail Edge Function (as Supabase Cron calls it) mails it to the organiser in the
// organiser's saved language, Arabic right to left, ending with the area line. The sender's
// address appears only when they allowed it, and then it is the Reply-To; otherwise the mail names
// them by display name and says they chose not to share it. A message to a target hidden before
// the run is not sent. (Database rules: tests/db/contact-organiser.test.ts.)
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import ar from '../../src/i18n/locales/ar.json' with { type: 'json' }
import pl from '../../src/i18n/locales/pl.json' with { type: 'json' }
import { latestMail, serviceClient, sql } from '../support/clients.ts'
import { untilFound } from '../support/e2e-pages.ts'
import { createUser, SEED, type TestUser } from '../support/users.ts'

type Mail = { subject: string; text: string; html?: string; replyTo?: string }

async function person(locale: string, name: string) {
  const p = await createUser({ meta: { display_name: name, locale } })
  await sql('update public.profiles set locale = $2, display_name = $3 where id = $1', [
    p.id,
    locale,
    name,
  ])
  return p
}

async function initiativeOf(organiser: TestUser, name: string) {
  const id = randomUUID()
  await sql(
    `insert into public.initiatives (id, name, description, neighbourhood_id, organiser_id)
     values ($1, $2, 'Buren die samen de straat groener maken.', $3, $4)`,
    [id, name, SEED.neighbourhoods.limbeekNoord, organiser.id],
  )
  return id
}

async function eventOf(organiser: TestUser, title: string) {
  const [row] = await sql<{ id: string }>(
    `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
     values ($1, 'Samen koffie drinken en kennismaken.', now() + interval '5 days',
             now() + interval '5 days 2 hours', 'Buurthuis', $2, $3)
     returning id`,
    [title, SEED.neighbourhoods.limbeekNoord, organiser.id],
  )
  return row.id
}

async function runMailJob() {
  const { data, error } = await serviceClient().functions.invoke<{
    sent: string[]
    failed: string[]
  }>('answer-mail')
  expect(error).toBeNull()
  return data!
}

function mailTo(email: string, before?: Mail): Promise<Mail> {
  return untilFound(async () => {
    const found = (await latestMail(email)) as Mail | undefined
    return found?.html && found.html !== before?.html ? found : undefined
  }, `a contact mail to ${email}`)
}

const fill = (s: string, values: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')

describe('a message to an organiser by mail', () => {
  it('arrives in the organiser’s language (Arabic, right to left) without the sender’s address', async () => {
    const organiser = await person('ar', 'سارة')
    const sender = await person('nl', 'Pieter')
    const title = `Groene straat ${randomUUID().slice(0, 6)}`
    const initiative = await initiativeOf(organiser, title)
    const body = 'Hallo, ik wil graag helpen met planten. Wanneer komen jullie weer samen?'
    const { error } = await sender.client.rpc('send_contact_message', {
      id: randomUUID(),
      body,
      initiative_id: initiative,
    })
    expect(error).toBeNull()
    expect((await runMailJob()).sent).toContain(organiser.email)
    const mail = await mailTo(organiser.email)
    const [{ area_name }] = await sql<{ area_name: string }>(
      'select area_name from public.area_settings',
    )
    expect(mail.subject).toBe(fill(ar.mail.contact.subject, { title }))
    expect(mail.html).toContain('<html lang="ar" dir="rtl">')
    expect(mail.text).toContain(
      fill(ar.mail.contact.intro, { name: 'سارة', sender: 'Pieter', title }),
    )
    expect(mail.text).toContain(body)
    expect(mail.text).toContain(fill(ar.mail.contact.replyNotShared, { sender: 'Pieter' }))
    expect(mail.text).toContain(`/initiatieven/${initiative}`)
    expect(mail.text).toContain(ar.mail.contact.why)
    expect(mail.text.trimEnd().endsWith(`Emmer · ${area_name}`)).toBe(true)
    // The sender's address is nowhere, and replies do not go to them.
    expect(JSON.stringify(mail).toLowerCase()).not.toContain(sender.email.toLowerCase())
    expect(mail.replyTo).toBeUndefined()
    // Sent once: the next run has nothing for this organiser.
    expect((await runMailJob()).sent).not.toContain(organiser.email)
  })

  it('with the box ticked, the sender’s address is the Reply-To (Polish, about an event)', async () => {
    const organiser = await person('pl', 'Kasia')
    const sender = await person('nl', 'Fatima')
    const title = `Koffieochtend ${randomUUID().slice(0, 6)}`
    const event = await eventOf(organiser, title)
    const { error } = await sender.client.rpc('send_contact_message', {
      id: randomUUID(),
      body: 'Mag ik mijn buurvrouw meenemen? Zij spreekt vooral Pools.',
      event_id: event,
      share_email: true,
    })
    expect(error).toBeNull()
    await runMailJob()
    const mail = await mailTo(organiser.email)
    expect(mail.subject).toBe(fill(pl.mail.contact.subject, { title }))
    expect(mail.html).toContain('<html lang="pl" dir="ltr">')
    expect(mail.replyTo).toContain(sender.email)
    expect(mail.text).toContain(
      fill(pl.mail.contact.replyShared, { sender: 'Fatima', email: sender.email }),
    )
    expect(mail.text).toContain(`/agenda/${event}`)
  })

  it('a message whose target the team hid before the run is not sent', async () => {
    const organiser = await person('nl', 'Henk')
    const sender = await person('nl', 'Ayse')
    const initiative = await initiativeOf(organiser, `Verborgen ${randomUUID().slice(0, 6)}`)
    const id = randomUUID()
    expect(
      (
        await sender.client.rpc('send_contact_message', {
          id,
          body: 'Dit bericht mag niet aankomen na het verbergen.',
          initiative_id: initiative,
        })
      ).error,
    ).toBeNull()
    await sql(
      `update public.initiatives set hidden_at = now(), hidden_reason = 'Reclame' where id = $1`,
      [initiative],
    )
    expect((await runMailJob()).sent).not.toContain(organiser.email)
    expect(await latestMail(organiser.email)).toBeUndefined()
    expect(
      await sql('select 1 from private.mail_queue where contact_message_id = $1', [id]),
    ).toEqual([])
  })
})
