// A reminder the day before an event (issue #16). Everyone with a place at an event (attending,
// not on the waiting list) that starts tomorrow in Dutch time gets one mail in their language:
// the title, when (Europe/Amsterdam), where, and a link to the event. For a visit ("Kom langs")
// the exact address too: event_addresses is only for people with a place, and these are them.
// Supabase Cron calls it every hour (20261202810200); the local stack does the same; `npm run
// reminders` calls it by hand.
//
// At most once per person and event: each reminder is a transaction that first inserts its row
// in private.event_reminders (a run at the same moment waits for it and then finds it there),
// sends, and commits. A failed send rolls back, is written to private.mail_log and is tried again
// on the next run; a run that dies half-way leaves the rest due.
import { isServiceCaller, json, refuse } from '../_shared/caller.ts'
import { appUrl, areaName, connect, logFailure } from '../_shared/db.ts'
import { mailSender } from '../_shared/send.ts'
import { asLocale, eventTime, render, signature, text, type Locale } from '../_shared/texts.ts'

export interface Reminder {
  event_id: string
  user_id: string
  email: string
  display_name: string
  locale: string
  title: string
  kind: 'meetup' | 'visit'
  starts_at: Date
  ends_at: Date
  place: string
  address: string | null
}

/** Attending, the event neither cancelled nor hidden, starting tomorrow (Europe/Amsterdam). */
const DUE = `s.status = 'attending'
  and e.cancelled_at is null and e.hidden_at is null and e.starts_at > now()
  and (e.starts_at at time zone 'Europe/Amsterdam')::date
      = (now() at time zone 'Europe/Amsterdam')::date + 1
  and not exists (select 1 from private.event_reminders r
                   where r.event_id = s.event_id and r.user_id = s.user_id)`

export function reminderMail(
  l: Locale,
  r: Omit<Reminder, 'event_id' | 'user_id' | 'email' | 'locale'> & { event_id: string },
  app: string,
  area = '',
) {
  const where = r.kind === 'visit' && r.address ? `${r.place}, ${r.address}` : r.place
  return render(l, text(l, 'mail.reminder.subject', { title: r.title }), [
    { p: text(l, 'mail.reminder.intro', { name: r.display_name, title: r.title }) },
    { p: `${text(l, 'agenda.when')}: ${eventTime(l, r.starts_at, r.ends_at)}` },
    { p: `${text(l, 'agenda.where')}: ${where}` },
    { link: `${app}/agenda/${r.event_id}`, label: text(l, 'mail.reminder.outro') },
    signature(area),
  ])
}

async function run(): Promise<{ sent: string[]; failed: string[] }> {
  const db = await connect()
  const mailer = mailSender()
  const sent: string[] = []
  const failed: string[] = []
  const app = appUrl()
  try {
    const area = await areaName(db)
    const { rows: due } = await db.query<{ event_id: string; user_id: string }>(
      `select s.event_id, s.user_id
         from public.event_signups s
         join public.events e on e.id = s.event_id
        where ${DUE}
        order by e.starts_at, s.event_id, s.user_id`,
    )
    for (const { event_id, user_id } of due) {
      await db.query('begin')
      try {
        const { rowCount } = await db.query(
          `insert into private.event_reminders (event_id, user_id) values ($1, $2)
           on conflict do nothing`,
          [event_id, user_id],
        )
        // Checked again inside the transaction: still attending, still tomorrow, not cancelled.
        const {
          rows: [r],
        } = await db.query<Reminder>(
          `select s.event_id, s.user_id, a.email, p.display_name, p.locale, e.title, e.kind,
                  e.starts_at, e.ends_at, e.place, ad.address
             from public.event_signups s
             join public.events e on e.id = s.event_id
             join public.profiles p on p.id = s.user_id
             join auth.users a on a.id = s.user_id
             left join public.event_addresses ad on ad.event_id = e.id and e.kind = 'visit'
            where s.event_id = $1 and s.user_id = $2 and a.email is not null
              and s.status = 'attending' and e.cancelled_at is null and e.hidden_at is null
              and e.starts_at > now()`,
          [event_id, user_id],
        )
        if (rowCount === 0 || !r) {
          await db.query('rollback')
          continue
        }
        const mail = reminderMail(asLocale(r.locale), r, app, area)
        try {
          await mailer.send({ to: r.email, ...mail })
        } catch (e) {
          await db.query('rollback')
          await logFailure(db, 'reminder', user_id, e)
          failed.push(r.email)
          continue
        }
        // Only after the provider took the mail.
        await db.query('commit')
        sent.push(r.email)
        console.log(`reminder sent to ${r.email} for event ${event_id}`)
      } catch (e) {
        await db.query('rollback').catch(() => undefined)
        throw e
      }
    }
  } finally {
    mailer.close()
    await db.end()
  }
  return { sent, failed }
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204 })
  if (!isServiceCaller(req)) return refuse()
  return json(200, await run())
})
