// `npm run digest`: the opt-in e-mail digest. For each person who chose a daily or weekly digest
// (digest_settings) and whose turn it is, one mail in their language with their unread berichten
// since the last digest, sent over SMTP. Run it from cron (e.g. every hour); it sends nobody a
// digest twice within the chosen period. Locally SMTP_URL defaults to the stack's mailbox.
// Each run also deletes the rate-limit attempts that are past their window (docs/privacy.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import nodemailer from 'nodemailer'
import pg from 'pg'
import { notificationTextKey } from '../src/lib/notificationText.ts'

const root = join(import.meta.dirname, '..')

interface Options {
  dbUrl?: string
  smtpUrl?: string
  appUrl?: string
  from?: string
  log?: (line: string) => void
}

interface Due {
  user_id: string
  email: string
  display_name: string
  locale: string
  last_sent_at: Date | null
}

interface Item {
  kind: string
  idea_id: string | null
  title: string | null
  status: string | null
}

type Messages = Record<string, Record<string, Record<string, string>>>
const messages = new Map<string, Messages>()
function text(locale: string, path: string, values: Record<string, string | number> = {}): string {
  if (!messages.has(locale)) {
    messages.set(
      locale,
      JSON.parse(
        readFileSync(join(root, 'src/i18n/locales', `${locale}.json`), 'utf8'),
      ) as Messages,
    )
  }
  const found = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], messages.get(locale))
  const template =
    typeof found === 'string' ? found : locale === 'nl' ? path : text('nl', path, values)
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))
}

/**
 * The person's unread berichten since their last digest, read as that person: under the same RLS
 * as My page, so nothing about an idea, comment or report they may not see now (a hidden idea, a
 * hidden comment) reaches their mailbox either. Titles and statuses come through RLS too.
 */
async function unreadAsSeenBy(db: pg.Client, person: Due): Promise<Item[]> {
  await db.query('begin read only')
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
    return rows
  } finally {
    await db.query('rollback')
  }
}

export async function runDigest(options: Options = {}): Promise<{ sent: string[] }> {
  const dbUrl =
    options.dbUrl ??
    process.env.DATABASE_URL ??
    'postgres://postgres:postgres@127.0.0.1:54322/postgres'
  const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL ?? 'smtp://127.0.0.1:54325'
  const appUrl = (options.appUrl ?? process.env.APP_URL ?? 'http://127.0.0.1:5173').replace(
    /\/$/,
    '',
  )
  const from = options.from ?? process.env.DIGEST_FROM ?? 'Emmer <noreply@emmer.local>'
  const log = options.log ?? ((line: string) => console.log(line))

  const db = new pg.Client({ connectionString: dbUrl })
  await db.connect()
  const transport = nodemailer.createTransport(smtpUrl)
  const sent: string[] = []
  try {
    // The record behind the rate limits (private.attempts) says who did what when: it is kept no
    // longer than each limit's window, and this hourly job clears what is past it.
    const forgotten = await db.query<{ n: string }>('select private.forget_old_attempts() as n')
    log(`forgot ${forgotten.rows[0].n} old attempts`)
    const { rows } = await db.query<Due>(`
      select s.user_id, a.email, p.display_name, p.locale, s.last_sent_at
        from public.digest_settings s
        join public.profiles p on p.id = s.user_id
        join auth.users a on a.id = s.user_id
       where s.frequency <> 'off' and a.email is not null
         and (s.last_sent_at is null
              or s.last_sent_at <= now() - case s.frequency when 'daily' then interval '23 hours' else interval '6 days 23 hours' end)`)
    for (const person of rows) {
      const items = await unreadAsSeenBy(db, person)
      if (items.length === 0) continue
      const l = person.locale
      const lines = items.slice(0, 50).map((item) => {
        const what = text(l, notificationTextKey(item.kind))
        const status = item.status
          ? `\n  ${text(l, 'notification.newStatus', { status: text(l, `status.${item.status}.name`) })}`
          : ''
        // A report leads the team to its reports page, everything else to its idea.
        const link =
          item.kind === 'new_report'
            ? `\n  ${appUrl}/team/meldingen`
            : item.idea_id
              ? `\n  ${appUrl}/idee/${item.idea_id}`
              : ''
        return `- ${what}${item.title ? `: ${item.title}` : ''}${status}${link}`
      })
      const body = [
        text(l, 'my.digest.mailIntro', { name: person.display_name }),
        '',
        ...lines,
        '',
        // My page holds the setting for every role (residents, partners, the team).
        text(l, 'my.digest.mailOutro'),
        `${appUrl}/mijn`,
      ].join('\n')
      await transport.sendMail({
        from,
        to: person.email,
        subject: text(l, 'my.digest.mailSubject', { n: items.length }),
        text: body,
      })
      // Only after the mail went out: a failed send is tried again next run.
      await db.query('update public.digest_settings set last_sent_at = now() where user_id = $1', [
        person.user_id,
      ])
      sent.push(person.email)
      log(`digest sent to ${person.email} (${items.length} berichten)`)
    }
    if (sent.length === 0) log('no digests due')
  } finally {
    transport.close()
    await db.end()
  }
  return { sent }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDigest().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
