// A message to an organiser through Emmer (20261202850100_contact_organisers_through_emmer.sql):
// send_contact_message() queues it in private.mail_queue (kind 'contact'); the answer-mail run
// mails it to the organiser in the organiser's language. The sender's address is read only when
// they ticked that it may go along, and then it is the Reply-To; otherwise the mail names them by
// display name and says they chose not to share their address.
import type { Db } from '../_shared/db.ts'
import type { Send } from '../_shared/send.ts'
import { asLocale, render, signature, text, type Locale } from '../_shared/texts.ts'

export interface ContactWaiting {
  id: string
  user_id: string
  email: string | null
  display_name: string
  locale: string
  sender_name: string
  /** Only when the sender ticked "Mijn e-mailadres mag meegestuurd worden". */
  sender_email: string | null
  body: string
  title: string | null
  path: string
}

export function contactMail(
  l: Locale,
  w: Pick<
    ContactWaiting,
    'display_name' | 'sender_name' | 'sender_email' | 'body' | 'title' | 'path'
  >,
  app: string,
  area = '',
) {
  const title = w.title ?? ''
  const reply = w.sender_email
    ? text(l, 'mail.contact.replyShared', { sender: w.sender_name, email: w.sender_email })
    : text(l, 'mail.contact.replyNotShared', { sender: w.sender_name })
  return {
    ...render(l, text(l, 'mail.contact.subject', { title }), [
      { p: text(l, 'mail.contact.intro', { name: w.display_name, sender: w.sender_name, title }) },
      { p: w.body },
      { p: reply },
      { link: `${app}${w.path}`, label: text(l, 'mail.contact.open') },
      { p: text(l, 'mail.contact.why') },
      signature(area),
    ]),
    ...(w.sender_email ? { replyTo: w.sender_email } : {}),
  }
}

/**
 * Sends the contact mails that wait, one row locked at a time, like the answers: marked sent once
 * the provider took it, a failure logged and tried again on the next run (up to maxAttempts).
 * A target hidden since, or a recipient without an address: the row goes, nothing is sent.
 */
export async function sendContactMails(
  db: Db,
  send: Send,
  app: string,
  area: string,
  maxAttempts: number,
  logFailure: (db: Db, kind: 'contact', userId: string, e: unknown) => Promise<void>,
): Promise<{ sent: string[]; failed: string[] }> {
  const sent: string[] = []
  const failed: string[] = []
  const tried: string[] = []
  for (;;) {
    await db.query('begin')
    const {
      rows: [w],
    } = await db.query<ContactWaiting & { hidden: boolean }>(
      `select q.id, q.user_id, a.email, p.display_name, p.locale,
              s.display_name as sender_name,
              case when m.share_email then sa.email end as sender_email,
              m.body, coalesce(i.name, e.title) as title,
              case when m.initiative_id is not null then '/initiatieven/' || m.initiative_id
                   else '/agenda/' || m.event_id end as path,
              coalesce(i.hidden_at, e.hidden_at) is not null as hidden
         from private.mail_queue q
         join public.contact_messages m on m.id = q.contact_message_id
         join public.profiles p on p.id = q.user_id
         join auth.users a on a.id = q.user_id
         join public.profiles s on s.id = m.sender_id
         join auth.users sa on sa.id = m.sender_id
         left join public.initiatives i on i.id = m.initiative_id
         left join public.events e on e.id = m.event_id
        where q.kind = 'contact' and q.sent_at is null and q.attempts < $1
          and not (q.id = any($2::bigint[]))
        order by q.id
        limit 1
          for update of q skip locked`,
      [maxAttempts, tried],
    )
    if (!w) {
      await db.query('commit')
      break
    }
    tried.push(w.id)
    if (w.hidden || !w.email) {
      await db.query('delete from private.mail_queue where id = $1', [w.id])
      await db.query('commit')
      continue
    }
    try {
      await send({ to: w.email, ...contactMail(asLocale(w.locale), w, app, area) })
    } catch (e) {
      await db.query(
        'update private.mail_queue set attempts = attempts + 1, last_error = $2 where id = $1',
        [w.id, (e instanceof Error ? e.message : String(e)).slice(0, 2000)],
      )
      await logFailure(db, 'contact', w.user_id, e)
      await db.query('commit')
      failed.push(w.email)
      continue
    }
    await db.query('update private.mail_queue set sent_at = now() where id = $1', [w.id])
    await db.query('commit')
    sent.push(w.email)
  }
  return { sent, failed }
}
