// Events in the digest (issue #16): the digest lists what is on in the buurten a person follows,
// the next 14 days, in their language; not other buurten, not later, not cancelled or hidden.
import { expect, it } from 'vitest'
import ar from '../../src/i18n/locales/ar.json' with { type: 'json' }
import en from '../../src/i18n/locales/en.json' with { type: 'json' }
import nl from '../../src/i18n/locales/nl.json' with { type: 'json' }
import pl from '../../src/i18n/locales/pl.json' with { type: 'json' }
import tr from '../../src/i18n/locales/tr.json' with { type: 'json' }
import { latestMail, serviceClient, sql } from '../support/clients.ts'
import { createUser, SEED } from '../support/users.ts'

async function event(neighbourhood: string, days: number, extra = '') {
  const organiser = await createUser()
  const title = `Wandeling ${crypto.randomUUID().slice(0, 6)}`
  const [row] = await sql<{ id: string }>(
    `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
     values ($1, 'Samen een rondje door de buurt lopen en kijken wat beter kan.',
             now() + make_interval(days => $2), now() + make_interval(days => $2, hours => 2),
             'Bij de kerk', $3, $4)
     returning id`,
    [title, days, neighbourhood, organiser.id],
  )
  if (extra) await sql(`update public.events set ${extra} where id = $1`, [row.id])
  return { id: row.id, title }
}

async function digest() {
  const { data, error } = await serviceClient().functions.invoke<{ sent: string[] }>('digest')
  expect(error).toBeNull()
  return data!
}

it('lists the next 14 days of events in the buurten a person follows, in their language', async () => {
  const reader = await createUser({ meta: { display_name: 'Ola', locale: 'pl' } })
  await sql(`update public.profiles set locale = 'pl' where id = $1`, [reader.id])
  await sql(`insert into public.digest_settings (user_id, frequency) values ($1, 'daily')`, [
    reader.id,
  ])
  await sql(`insert into public.follows (user_id, neighbourhood_id) values ($1, $2)`, [
    reader.id,
    SEED.neighbourhoods.limbeekNoord,
  ])
  const soon = await event(SEED.neighbourhoods.limbeekNoord, 3)
  const elsewhere = await event(SEED.neighbourhoods.woenselWest, 3)
  const later = await event(SEED.neighbourhoods.limbeekNoord, 20)
  const cancelled = await event(
    SEED.neighbourhoods.limbeekNoord,
    4,
    `cancelled_at = now(), cancel_reason = 'Regen'`,
  )
  const hidden = await event(
    SEED.neighbourhoods.limbeekNoord,
    5,
    `hidden_at = now(), hidden_reason = 'spam'`,
  )

  // No unread berichten, but a new event: the digest goes out for it.
  expect((await digest()).sent).toContain(reader.email)
  const mail = (await latestMail(reader.email))!
  expect(mail.text).toContain(pl.mail.digest.eventsIntro)
  expect(mail.text).toContain(soon.title)
  expect(mail.text).toContain(`/agenda/${soon.id}`)
  expect(mail.html).toContain('<html lang="pl" dir="ltr">')
  for (const other of [elsewhere, later, cancelled, hidden]) {
    expect(mail.text).not.toContain(other.title)
  }

  // The same events alone do not send the digest again.
  expect((await digest()).sent).not.toContain(reader.email)
})

it('has no events part for someone who follows no buurt', async () => {
  const reader = await createUser({ meta: { display_name: 'Piet' } })
  await sql(`insert into public.digest_settings (user_id, frequency) values ($1, 'daily')`, [
    reader.id,
  ])
  await sql(
    `insert into public.notifications (user_id, kind) values ($1, 'new_idea_in_neighbourhood')`,
    [reader.id],
  )
  await event(SEED.neighbourhoods.limbeekNoord, 2)
  expect((await digest()).sent).toContain(reader.email)
  expect((await latestMail(reader.email))!.text).not.toContain('Wandeling')
})

// A digest sent only because of a new event has no berichten: its subject and greeting must not
// speak of "0 nieuw" or "your new messages", in any of the five languages.
it.each([
  ['nl', nl],
  ['en', en],
  ['tr', tr],
  ['ar', ar],
  ['pl', pl],
] as const)(
  'a digest with only events says so in its subject and greeting (%s)',
  async (locale, m) => {
    const reader = await createUser({ meta: { display_name: 'Sam', locale } })
    await sql(`update public.profiles set locale = $2 where id = $1`, [reader.id, locale])
    await sql(`insert into public.digest_settings (user_id, frequency) values ($1, 'daily')`, [
      reader.id,
    ])
    await sql(`insert into public.follows (user_id, neighbourhood_id) values ($1, $2)`, [
      reader.id,
      SEED.neighbourhoods.limbeekNoord,
    ])
    const soon = await event(SEED.neighbourhoods.limbeekNoord, 2)
    expect((await digest()).sent).toContain(reader.email)
    const mail = (await latestMail(reader.email))!
    expect(mail.text).toContain(soon.title)
    expect(mail.subject).toBe(m.mail.digest.eventsSubject)
    expect(mail.subject).not.toMatch(/\b0\b/)
    expect(mail.text).toContain(m.mail.digest.hello.replace('{name}', 'Sam'))
    expect(mail.text).not.toContain(m.my.digest.mailIntro.replace('{name}', 'Sam'))
  },
)

it('a digest with berichten still counts them in its subject', async () => {
  const reader = await createUser({ meta: { display_name: 'Piet' } })
  await sql(`insert into public.digest_settings (user_id, frequency) values ($1, 'daily')`, [
    reader.id,
  ])
  await sql(
    `insert into public.notifications (user_id, kind) values ($1, 'new_idea_in_neighbourhood')`,
    [reader.id],
  )
  expect((await digest()).sent).toContain(reader.email)
  const mail = (await latestMail(reader.email))!
  expect(mail.subject).toBe(nl.my.digest.mailSubject.replace('{n}', '1'))
  expect(mail.text).toContain(nl.my.digest.mailIntro.replace('{name}', 'Piet'))
})
