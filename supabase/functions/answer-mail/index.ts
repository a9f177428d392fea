// "Betrouwbaar zijn!" by mail: when the team answers an idea publicly, its author gets a mail,
// if they asked for it (digest_settings.answer_mail). A trigger puts each answer in
// private.mail_queue (20261202740100); Supabase Cron calls this function every minute and it
// sends what waits, in the author's language. Once per answer: a row is locked while it is sent
// and marked sent after the provider took it. A failed send is logged (private.mail_log) and
// tried again on the next run, up to 10 times.
// The same run sends the messages people write to an organiser through Emmer (./contact.ts).
import { isServiceCaller, json, refuse } from '../_shared/caller.ts'
import { appUrl, areaName, connect, logFailure } from '../_shared/db.ts'
import { mailSender } from '../_shared/send.ts'
import { asLocale, render, signature, text, type Locale } from '../_shared/texts.ts'
import { sendContactMails } from './contact.ts'

const MAX_ATTEMPTS = 10

interface Waiting {
  id: string
  user_id: string
  email: string | null
  display_name: string
  locale: string
  idea_id: string
  title: string
  status: string
  message: string
  withdrawn: boolean
}

export function answerMail(
  l: Locale,
  w: Pick<Waiting, 'display_name' | 'idea_id' | 'title' | 'status' | 'message'>,
  app: string,
  area = '',
) {
  return render(l, text(l, 'mail.answer.subject'), [
    { p: text(l, 'mail.answer.intro', { name: w.display_name, title: w.title }) },
    { p: text(l, 'notification.newStatus', { status: text(l, `status.${w.status}.name`) }) },
    { p: w.message },
    { link: `${app}/idee/${w.idea_id}`, label: text(l, 'mail.answer.read') },
    { link: `${app}/mijn`, label: text(l, 'mail.answer.outro') },
    signature(area),
  ])
}

async function run(): Promise<{ sent: string[]; failed: string[] }> {
  const db = await connect()
  const mailer = mailSender()
  const app = appUrl()
  const sent: string[] = []
  const failed: string[] = []
  const tried: string[] = []
  try {
    const area = await areaName(db)
    for (;;) {
      await db.query('begin')
      const {
        rows: [w],
      } = await db.query<Waiting>(
        `select q.id, q.user_id, a.email, p.display_name, p.locale, q.idea_id, i.title,
                u.status, u.message, i.withdrawn_at is not null as withdrawn
           from private.mail_queue q
           join public.profiles p on p.id = q.user_id
           join auth.users a on a.id = q.user_id
           join public.ideas i on i.id = q.idea_id
           join public.idea_updates u on u.id = q.idea_update_id
          where q.kind = 'answer' and q.sent_at is null and q.attempts < $1 and not (q.id = any($2::bigint[]))
          order by q.id
          limit 1
            for update of q skip locked`,
        [MAX_ATTEMPTS, tried],
      )
      if (!w) {
        await db.query('commit')
        break
      }
      tried.push(w.id)
      // Withdrawn since, or no address: nothing to send, and nothing to keep.
      if (w.withdrawn || !w.email) {
        await db.query('delete from private.mail_queue where id = $1', [w.id])
        await db.query('commit')
        continue
      }
      try {
        await mailer.send({ to: w.email, ...answerMail(asLocale(w.locale), w, app, area) })
      } catch (e) {
        await db.query(
          'update private.mail_queue set attempts = attempts + 1, last_error = $2 where id = $1',
          [w.id, (e instanceof Error ? e.message : String(e)).slice(0, 2000)],
        )
        await logFailure(db, 'answer', w.user_id, e)
        await db.query('commit')
        failed.push(w.email)
        continue
      }
      await db.query('update private.mail_queue set sent_at = now() where id = $1', [w.id])
      await db.query('commit')
      sent.push(w.email)
    }
    const contact = await sendContactMails(db, mailer.send, app, area, MAX_ATTEMPTS, logFailure)
    sent.push(...contact.sent)
    failed.push(...contact.failed)
  } catch (e) {
    await db.query('rollback').catch(() => undefined)
    throw e
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
