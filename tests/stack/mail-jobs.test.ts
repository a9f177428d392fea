// The mail jobs against a mail provider that fails or dies on purpose: an HTTP mail API taking
// Resend-style JSON, run by this test and chosen by the functions' secrets (MAIL_API_URL), on a
// stack of its own. A run that dies half-way resumes with the people not yet done; a failed send
// is logged and tried again on the next run; nobody gets a digest twice in a period.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack } from '../setup/stack.ts'
import type { Stack } from '../../supabase/local/stack.ts'
import pl from '../../src/i18n/locales/pl.json' with { type: 'json' }
import { until } from './realtime-support.ts'

interface ApiMail {
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  reply_to?: string
}

/** What the fake provider does with the next request: take it, refuse it, or never answer. */
type Mode = 'ok' | 'fail' | 'hang'
let plan: (mail: ApiMail) => Mode = () => 'ok'
const taken: ApiMail[] = []
const seen: ApiMail[] = []
const hanging: ServerResponse[] = []
const provider = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const mail = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiMail
    expect(req.headers.authorization).toBe('Bearer test-mail-key')
    seen.push(mail)
    const mode = plan(mail)
    if (mode === 'hang') return void hanging.push(res)
    if (mode === 'fail') {
      res.writeHead(500, { 'content-type': 'application/json' })
      return void res.end('{"message":"provider is down"}')
    }
    taken.push(mail)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ id: String(taken.length) }))
  })
})

let stack: Stack
let db: pg.Client

beforeAll(async () => {
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', () => r()))
  const { port } = provider.address() as { port: number }
  stack = await startTestStackWith({
    MAIL_API_URL: `http://127.0.0.1:${port}/emails`,
    MAIL_API_KEY: 'test-mail-key',
    MAIL_FROM: 'Emmer <noreply@emmer.test>',
  })
  db = new pg.Client({ connectionString: stack.info.dbUrl })
  await db.connect()
}, 120_000)

afterAll(async () => {
  for (const res of hanging) res.destroy()
  await db?.end()
  await stack?.stop()
  provider.closeAllConnections()
  await new Promise((r) => provider.close(r))
})

async function startTestStackWith(secrets: Record<string, string>): Promise<Stack> {
  return startTestStack({ functionSecrets: secrets })
}

const service = () =>
  createClient(stack.info.apiUrl, stack.info.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  })

async function invoke(name: string) {
  return service().functions.invoke<{ sent: string[]; failed: string[] }>(name)
}

/** A person with a daily digest and one unread bericht, sorted by id as the job goes. */
async function peopleWithDigest(n: number, locale = 'nl') {
  const people: { id: string; email: string }[] = []
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID()
    const email = `digest-${id.slice(0, 8)}@example.test`
    await db.query(
      `insert into auth.users (id, email, raw_user_meta_data, aud, role, email_confirmed_at)
       values ($1, $2, $3, 'authenticated', 'authenticated', now())`,
      [id, email, JSON.stringify({ display_name: `Persoon ${i}`, locale })],
    )
    await db.query(`insert into public.digest_settings (user_id, frequency) values ($1, 'daily')`, [
      id,
    ])
    await db.query(
      `insert into public.notifications (user_id, kind) values ($1, 'new_idea_in_neighbourhood')`,
      [id],
    )
    people.push({ id, email })
  }
  return people.sort((a, b) => a.id.localeCompare(b.id))
}

async function lastSent(id: string) {
  const { rows } = await db.query(
    'select last_sent_at from public.digest_settings where user_id = $1',
    [id],
  )
  return rows[0].last_sent_at as Date | null
}

it('a run that dies half-way resumes with the people not yet done, and sends nobody twice', async () => {
  const [first, second, third] = await peopleWithDigest(3)
  // The provider takes the first mail and never answers the second: then the run dies.
  plan = (mail) => (mail.to[0] === second.email ? 'hang' : 'ok')
  const dying = invoke('digest')
  await until(
    () => seen.some((m) => m.to[0] === second.email),
    'the second mail to reach the provider',
    20_000,
  )
  await stack.functions.kill('digest')
  const died = await dying
  expect(died.error).not.toBeNull()
  expect(await lastSent(first.id)).not.toBeNull()
  expect(await lastSent(second.id)).toBeNull()
  expect(await lastSent(third.id)).toBeNull()

  plan = () => 'ok'
  const resumed = await invoke('digest')
  expect(resumed.error).toBeNull()
  expect(resumed.data!.sent.sort()).toEqual([second.email, third.email].sort())
  expect(taken.filter((m) => m.to[0] === first.email)).toHaveLength(1)
  expect(taken.filter((m) => m.to[0] === second.email)).toHaveLength(1)

  // Within the period, nobody is due again.
  const again = await invoke('digest')
  expect(again.data).toEqual({ sent: [], failed: [] })
})

it('logs a failed send and tries it again on the next run', async () => {
  const [ok, unlucky] = await peopleWithDigest(2, 'pl')
  plan = (mail) => (mail.to[0] === unlucky.email ? 'fail' : 'ok')
  const run = await invoke('digest')
  expect(run.data).toEqual({ sent: [ok.email], failed: [unlucky.email] })
  const { rows: log } = await db.query(
    `select kind, error from private.mail_log where user_id = $1`,
    [unlucky.id],
  )
  expect(log).toEqual([{ kind: 'digest', error: expect.stringContaining('provider is down') }])
  expect(await lastSent(unlucky.id)).toBeNull()

  plan = () => 'ok'
  const retry = await invoke('digest')
  expect(retry.data).toEqual({ sent: [unlucky.email], failed: [] })
  const mail = taken.find((m) => m.to[0] === unlucky.email)!
  // In the person's language (Polish), as text and as HTML with lang.
  expect(mail.subject).toBe(pl.my.digest.mailSubject.replace('{n}', '1'))
  expect(mail.html).toContain('<html lang="pl" dir="ltr">')
  expect(mail.from).toBe('Emmer <noreply@emmer.test>')
})

it('mails an answer once, retries it after a failure, and not at all to an author who did not ask', async () => {
  const [author, quiet] = await peopleWithDigest(2, 'ar')
  await db.query('update public.digest_settings set answer_mail = true where user_id = $1', [
    author.id,
  ])
  const ideaOf = async (authorId: string) => {
    const { rows } = await db.query(
      `insert into public.ideas (author_id, title, body, neighbourhood_id, theme_id)
       select $1, 'Een bankje bij de speeltuin', 'Er is nergens een plek om even te zitten bij de speeltuin.',
              (select id from public.neighbourhoods limit 1), (select id from public.themes limit 1)
       returning id`,
      [authorId],
    )
    return rows[0].id as string
  }
  const [mine, theirs] = [await ideaOf(author.id), await ideaOf(quiet.id)]
  for (const idea of [mine, theirs]) {
    await db.query(
      `insert into public.idea_updates (idea_id, status, message) values ($1, 'in_progress', $2)`,
      [idea, 'We gaan ermee aan de slag met de buurt.'],
    )
  }
  const { rows: queued } = await db.query('select user_id from private.mail_queue')
  expect(queued.map((r) => r.user_id)).toEqual([author.id])

  plan = () => 'fail'
  const failed = await invoke('answer-mail')
  expect(failed.data).toEqual({ sent: [], failed: [author.email] })
  plan = () => 'ok'
  const sent = await invoke('answer-mail')
  expect(sent.data).toEqual({ sent: [author.email], failed: [] })
  const again = await invoke('answer-mail')
  expect(again.data).toEqual({ sent: [], failed: [] })

  const mails = taken.filter((m) => m.to[0] === author.email)
  expect(mails).toHaveLength(1)
  expect(mails[0].html).toContain('<html lang="ar" dir="rtl">')
  expect(mails[0].text).toContain('Een bankje bij de speeltuin')
  expect(mails[0].text).toContain('We gaan ermee aan de slag met de buurt.')
  expect(mails[0].text).toContain(`/idee/${mine}`)
  expect(taken.some((m) => m.to[0] === quiet.email && m.subject === mails[0].subject)).toBe(false)
})

it('starts a function cold once and keeps it warm for the next calls', async () => {
  await stack.functions.kill('answer-mail')
  const before = stack.functions.coldStarts['answer-mail']?.length ?? 0
  for (let i = 0; i < 3; i++) expect((await invoke('answer-mail')).error).toBeNull()
  const starts = stack.functions.coldStarts['answer-mail']
  expect(starts).toHaveLength(before + 1)
  expect(starts.at(-1)).toBeGreaterThan(0)
})

it('logs a failed reminder and sends it on the next run, once', async () => {
  const [organiser, coming] = await peopleWithDigest(2)
  const {
    rows: [event],
  } = await db.query(
    `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
     select 'Buurtavond', 'Samen praten over de buurt, met koffie en thee erbij.',
            ((now() at time zone 'Europe/Amsterdam')::date + 1 + time '19:30') at time zone 'Europe/Amsterdam',
            ((now() at time zone 'Europe/Amsterdam')::date + 1 + time '21:00') at time zone 'Europe/Amsterdam',
            'Buurthuis De Boog', (select id from public.neighbourhoods limit 1), $1
     returning id`,
    [organiser.id],
  )
  await db.query(
    `insert into public.event_signups (event_id, user_id, status, queued_at)
     values ($1, $2, 'attending', nextval('private.event_signup_order'))`,
    [event.id, coming.id],
  )
  plan = () => 'fail'
  const failed = await invoke('reminders')
  expect(failed.data).toEqual({ sent: [], failed: [coming.email] })
  const { rows: log } = await db.query(
    `select kind, error from private.mail_log where user_id = $1 and kind = 'reminder'`,
    [coming.id],
  )
  expect(log).toEqual([{ kind: 'reminder', error: expect.stringContaining('provider is down') }])

  plan = () => 'ok'
  expect((await invoke('reminders')).data).toEqual({ sent: [coming.email], failed: [] })
  expect((await invoke('reminders')).data).toEqual({ sent: [], failed: [] })
  expect(
    taken.filter((m) => m.to[0] === coming.email && m.subject.includes('Buurtavond')),
  ).toHaveLength(1)
})

it('mails a message to an organiser once after a failure, with reply_to only when allowed', async () => {
  const [organiser, open, closed] = await peopleWithDigest(3, 'pl')
  const {
    rows: [initiative],
  } = await db.query(
    `insert into public.initiatives (name, description, neighbourhood_id, organiser_id)
     values ('Soepgroep', 'Buren die elke maand samen soep koken.',
             (select id from public.neighbourhoods limit 1), $1)
     returning id`,
    [organiser.id],
  )
  // As send_contact_message() leaves them: the message and its queue row.
  for (const [sender, share] of [
    [open, true],
    [closed, false],
  ] as const) {
    const id = crypto.randomUUID()
    await db.query(
      `insert into public.contact_messages (id, sender_id, recipient_id, initiative_id, body, share_email)
       values ($1, $2, $3, $4, $5, $6)`,
      [id, sender.id, organiser.id, initiative.id, `Bericht van ${sender.email} hier`, share],
    )
    await db.query(
      `insert into private.mail_queue (kind, user_id, contact_message_id) values ('contact', $1, $2)`,
      [organiser.id, id],
    )
  }
  plan = () => 'fail'
  const failed = await invoke('answer-mail')
  expect(failed.data).toEqual({ sent: [], failed: [organiser.email, organiser.email] })
  const { rows: log } = await db.query(
    `select count(*)::int as n from private.mail_log where user_id = $1 and kind = 'contact'`,
    [organiser.id],
  )
  expect(log).toEqual([{ n: 2 }])
  plan = () => 'ok'
  expect((await invoke('answer-mail')).data).toEqual({
    sent: [organiser.email, organiser.email],
    failed: [],
  })
  expect((await invoke('answer-mail')).data).toEqual({ sent: [], failed: [] })
  const mails = taken.filter((m) => m.to[0] === organiser.email)
  expect(mails).toHaveLength(2)
  const shared = mails.find((m) => m.text.includes(`Bericht van ${open.email}`))!
  const kept = mails.find((m) => m.text.includes(`Bericht van ${closed.email}`))!
  expect(shared.reply_to).toBe(open.email)
  expect(kept.reply_to).toBeUndefined()
  expect(kept.html).toContain('<html lang="pl" dir="ltr">')
  expect(kept.subject).toBe(pl.mail.contact.subject.replace('{title}', 'Soepgroep'))
})
