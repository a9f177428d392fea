// The reminder the day before an event (issue #16), through the reminders Edge Function as
// Supabase Cron calls it: everyone with a place gets one mail in their language, with the time in
// Dutch time and, for a visit, the exact address; nobody on the waiting list, nobody twice.
// (Failures and retries: tests/stack/mail-jobs.test.ts.)
import { describe, expect, it } from 'vitest'
import ar from '../../src/i18n/locales/ar.json' with { type: 'json' }
import nl from '../../src/i18n/locales/nl.json' with { type: 'json' }
import { anonClient, latestMail, serviceClient, sql } from '../support/clients.ts'
import { createUser, SEED } from '../support/users.ts'

/** An event `days` from today (Europe/Amsterdam) at 19:30–21:00 Dutch time. */
async function eventIn(days: number, opts: { kind?: 'meetup' | 'visit'; title?: string } = {}) {
  const organiser = await createUser()
  const [row] = await sql<{ id: string }>(
    `insert into public.events (kind, title, description, starts_at, ends_at, place, neighbourhood_id,
                                organiser_id, capacity)
     select $1, $2, 'Samen praten over de buurt, met koffie en thee erbij.',
            ((now() at time zone 'Europe/Amsterdam')::date + $3::int + time '19:30') at time zone 'Europe/Amsterdam',
            ((now() at time zone 'Europe/Amsterdam')::date + $3::int + time '21:00') at time zone 'Europe/Amsterdam',
            'Buurthuis De Boog', $4, $5, 10
     returning id`,
    [
      opts.kind ?? 'meetup',
      opts.title ?? `Buurtavond ${crypto.randomUUID().slice(0, 6)}`,
      days,
      SEED.neighbourhoods.limbeekNoord,
      organiser.id,
    ],
  )
  return row.id
}

async function person(locale = 'nl') {
  const p = await createUser({ meta: { display_name: 'Anna', locale } })
  await sql('update public.profiles set locale = $2 where id = $1', [p.id, locale])
  return p
}

async function signUp(eventId: string, userId: string, status: 'attending' | 'waiting') {
  await sql(
    `insert into public.event_signups (event_id, user_id, status, queued_at)
     values ($1, $2, $3, nextval('private.event_signup_order'))`,
    [eventId, userId, status],
  )
}

async function run() {
  const { data, error } = await serviceClient().functions.invoke<{
    sent: string[]
    failed: string[]
  }>('reminders')
  expect(error).toBeNull()
  return data!
}

describe('reminders', () => {
  it('mails everyone with a place at tomorrow’s event once, in their language, in Dutch time', async () => {
    const event = await eventIn(1)
    const [title] = (
      await sql<{ title: string }>('select title from public.events where id = $1', [event])
    ).map((r) => r.title)
    const [dutch, arabic, waiting] = [await person('nl'), await person('ar'), await person('nl')]
    await signUp(event, dutch.id, 'attending')
    await signUp(event, arabic.id, 'attending')
    await signUp(event, waiting.id, 'waiting')

    const first = await run()
    expect(first.sent).toEqual(expect.arrayContaining([dutch.email, arabic.email]))
    expect(first.sent).not.toContain(waiting.email)
    expect(await latestMail(waiting.email)).toBeUndefined()

    const mail = (await latestMail(dutch.email))!
    expect(mail.subject).toBe(nl.mail.reminder.subject.replace('{title}', title))
    expect(mail.text).toContain('19:30')
    expect(mail.text).toContain('21:00')
    expect(mail.text).toContain('Buurthuis De Boog')
    expect(mail.text).toContain(`/agenda/${event}`)
    expect(mail.html).toContain('<html lang="nl" dir="ltr">')

    const arMail = (await latestMail(arabic.email))!
    expect(arMail.subject).toBe(ar.mail.reminder.subject.replace('{title}', title))
    expect(arMail.html).toContain('<html lang="ar" dir="rtl">')

    // At most once: the next run has nothing for them.
    const second = await run()
    expect(second.sent).not.toContain(dutch.email)
    expect(second.sent).not.toContain(arabic.email)
    expect(
      await sql('select user_id from private.event_reminders where event_id = $1 order by 1', [
        event,
      ]),
    ).toHaveLength(2)
  })

  it('gives the exact address of a visit only to people with a place, in the reminder', async () => {
    const visit = await eventIn(1, { kind: 'visit' })
    await sql(`insert into public.event_addresses (event_id, address) values ($1, $2)`, [
      visit,
      'Voorbeeldstraat 12',
    ])
    const [coming, waiting] = [await person(), await person()]
    await signUp(visit, coming.id, 'attending')
    await signUp(visit, waiting.id, 'waiting')
    await run()
    expect((await latestMail(coming.email))!.text).toContain('Voorbeeldstraat 12')
    expect(await latestMail(waiting.email)).toBeUndefined()
  })

  it('sends nothing for an event the day after tomorrow, a cancelled one, or a cancelled sign-up', async () => {
    const later = await eventIn(2)
    const cancelled = await eventIn(1)
    await sql(
      `update public.events set cancelled_at = now(), cancel_reason = 'Ziek' where id = $1`,
      [cancelled],
    )
    const tomorrow = await eventIn(1)
    const [a, b, c] = [await person(), await person(), await person()]
    await signUp(later, a.id, 'attending')
    await signUp(cancelled, b.id, 'attending')
    await signUp(tomorrow, c.id, 'attending')
    await sql(`update public.event_signups set status = 'cancelled' where event_id = $1`, [
      tomorrow,
    ])
    const result = await run()
    for (const p of [a, b, c]) {
      expect(result.sent).not.toContain(p.email)
      expect(await latestMail(p.email)).toBeUndefined()
    }
  })

  it('refuses the anon key', async () => {
    const { error } = await anonClient().functions.invoke('reminders')
    expect((error as { context: Response }).context.status).toBe(401)
  })
})
