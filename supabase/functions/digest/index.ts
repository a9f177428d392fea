// The opt-in e-mail digest, as an Edge Function. For each person who chose a daily or weekly
// digest (digest_settings) and whose turn it is: one mail in their language with their unread
// berichten since the last digest. Supabase Cron calls it every hour (20261202740200); the
// local stack does the same; `npm run digest` calls it by hand.
//
// At most once per person and period: each person is a transaction that locks their
// digest_settings row (other runs skip it), sends, and writes last_sent_at. A run that dies
// half-way leaves the people it did not reach due, so the next run does them; a failed send is
// written to private.mail_log and tried again on the next run.
import { isServiceCaller, json, refuse } from '../_shared/caller.ts'
import { appUrl, areaName, connect, logFailure, type Db } from '../_shared/db.ts'
import { mailSender } from '../_shared/send.ts'
import {
  asLocale,
  eventTime,
  render,
  signature,
  text,
  type Block,
  type Locale,
} from '../_shared/texts.ts'
import { notificationTextKey } from '../../../src/lib/notificationText.ts'

interface Due {
  user_id: string
  email: string
  display_name: string
  locale: string
  last_sent_at: Date | null
}

interface Upcoming {
  id: string
  title: string
  starts_at: Date
  ends_at: Date
  place: string
  created_at: Date
  neighbourhood: string
}

interface Item {
  kind: string
  idea_id: string | null
  title: string | null
  status: string | null
}

const DUE = `s.frequency <> 'off'
  and (s.last_sent_at is null
       or s.last_sent_at <= now() - case s.frequency when 'daily' then interval '23 hours'
                                                       else interval '6 days 23 hours' end)`

/**
 * The person's unread berichten since their last digest, read as that person: under the same RLS
 * as My page, so nothing they may not see now (a hidden idea, a hidden comment) reaches their
 * mailbox. In a savepoint, so the role goes back to the owner afterwards.
 */
async function unreadAsSeenBy(db: Db, person: Due): Promise<{ items: Item[]; events: Upcoming[] }> {
  await db.query('savepoint as_person')
  try {
    await db.query('set local role authenticated')
    await db.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: person.user_id, role: 'authenticated' }),
    ])
    const { rows } = await db.query<Item>(
      `select n.kind, n.idea_id, i.title, u.status
         from public.notifications n
         left join public.ideas i on i.id = n.idea_id
         left join public.idea_updates u on u.id = n.idea_update_id
        where n.user_id = $1 and n.read_at is null
          and n.created_at > coalesce($2::timestamptz, '-infinity')
        order by n.created_at desc`,
      [person.user_id, person.last_sent_at],
    )
    // What is on in the buurten they follow, the next 14 days (issue #16).
    const { rows: events } = await db.query<Upcoming>(
      `select e.id, e.title, e.starts_at, e.ends_at, e.place, e.created_at, nb.name as neighbourhood
         from public.events e
         join public.follows f on f.neighbourhood_id = e.neighbourhood_id and f.user_id = $1
         join public.neighbourhoods nb on nb.id = e.neighbourhood_id
        where e.hidden_at is null and e.cancelled_at is null
          and e.starts_at > now() and e.starts_at <= now() + interval '14 days'
        order by e.starts_at, e.id
        limit 20`,
      [person.user_id],
    )
    return { items: rows, events }
  } finally {
    await db.query('rollback to savepoint as_person')
  }
}

export function digestMail(
  l: Locale,
  name: string,
  items: Item[],
  app: string,
  area = '',
  events: Upcoming[] = [],
) {
  // A digest sent only for a new event has no berichten: it greets and names the events, and
  // its subject says what is in it instead of "0 nieuw".
  const blocks: Block[] = [
    { p: text(l, items.length ? 'my.digest.mailIntro' : 'mail.digest.hello', { name }) },
  ]
  if (items.length) {
    blocks.push({
      items: items.slice(0, 50).map((item) => ({
        text: text(l, notificationTextKey(item.kind)) + (item.title ? `: ${item.title}` : ''),
        detail: item.status
          ? text(l, 'notification.newStatus', { status: text(l, `status.${item.status}.name`) })
          : undefined,
        // A report leads the team to its reports page, everything else to its idea.
        href:
          item.kind === 'new_report'
            ? `${app}/team/meldingen`
            : item.idea_id
              ? `${app}/idee/${item.idea_id}`
              : undefined,
      })),
    })
  }
  if (events.length) {
    blocks.push({ p: text(l, 'mail.digest.eventsIntro') })
    blocks.push({
      items: events.map((e) => ({
        text: e.title,
        detail: `${eventTime(l, e.starts_at, e.ends_at)} · ${e.place} (${e.neighbourhood})`,
        href: `${app}/agenda/${e.id}`,
      })),
    })
  }
  // My page holds the setting for every role (residents, partners, the team).
  blocks.push({ link: `${app}/mijn`, label: text(l, 'my.digest.mailOutro') }, signature(area))
  const subject = items.length
    ? text(l, 'my.digest.mailSubject', { n: items.length })
    : text(l, 'mail.digest.eventsSubject')
  return render(l, subject, blocks)
}

async function run(): Promise<{ sent: string[]; failed: string[] }> {
  const db = await connect()
  const mailer = mailSender()
  const sent: string[] = []
  const failed: string[] = []
  const app = appUrl()
  try {
    const area = await areaName(db)
    // The record behind the rate limits is kept no longer than each limit's window, and failure
    // records 90 days; this hourly job clears what is past it (docs/privacy.md).
    await db.query('select private.forget_old_attempts()')
    await db.query("delete from private.mail_log where at < now() - interval '90 days'")
    const { rows } = await db.query<{ user_id: string }>(
      `select s.user_id from public.digest_settings s where ${DUE} order by s.user_id`,
    )
    for (const { user_id } of rows) {
      await db.query('begin')
      try {
        // Locked for this run; a run at the same moment skips the person, and one after the
        // commit no longer finds them due.
        const {
          rows: [person],
        } = await db.query<Due>(
          `select s.user_id, a.email, p.display_name, p.locale, s.last_sent_at
             from public.digest_settings s
             join public.profiles p on p.id = s.user_id
             join auth.users a on a.id = s.user_id
            where s.user_id = $1 and a.email is not null and ${DUE}
              for update of s skip locked`,
          [user_id],
        )
        const { items, events } = person
          ? await unreadAsSeenBy(db, person)
          : { items: [], events: [] }
        // Events alone make a digest only when one is new since the last digest: the same list
        // of events does not arrive every day.
        const since = person?.last_sent_at?.getTime() ?? -Infinity
        const newEvent = events.some((e) => new Date(e.created_at).getTime() > since)
        if (!person || (items.length === 0 && !newEvent)) {
          await db.query('commit')
          continue
        }
        const mail = digestMail(
          asLocale(person.locale),
          person.display_name,
          items,
          app,
          area,
          events,
        )
        try {
          await mailer.send({ to: person.email, ...mail })
        } catch (e) {
          await db.query('rollback')
          await logFailure(db, 'digest', user_id, e)
          failed.push(person.email)
          continue
        }
        // Only after the provider took the mail.
        await db.query(
          'update public.digest_settings set last_sent_at = now() where user_id = $1',
          [user_id],
        )
        await db.query('commit')
        sent.push(person.email)
        console.log(`digest sent to ${person.email} (${items.length} berichten)`)
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
