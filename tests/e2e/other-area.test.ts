// The next area without a code change: a stack with Rotterdam-Zuid's settings, buurten and themes
// (tests/fixtures/rotterdam-zuid.sql, loaded instead of the Woensel-Zuid seed) and the same
// production build, pointed at it. No rendered page — the list, an idea, the idea form, the
// coalitions, About, sign-in, not found — names Woensel, the Pact or Eindhoven.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, type Stack } from '../../supabase/local/stack.ts'
import { startTestStack } from '../setup/stack.ts'
import { launchBrowser } from '../support/browser.ts'
import { buildApp } from '../support/buildApp.ts'
import { latestMail } from '../support/clients.ts'
import { msg, untilFound } from '../support/e2e-pages.ts'

const FORBIDDEN = /Woensel|Pact|Eindhoven/i
const IDEA = '41000000-0000-4000-8000-000000000001'
const PASSWORD = 'rotterdam-zuid-2026'

let stack: Stack
let server: Awaited<ReturnType<typeof preview>>
let outDir: string
let appUrl: string
let browser: Browser

async function sqlOn(text: string) {
  const client = new pg.Client({ connectionString: stack.info.dbUrl })
  await client.connect()
  try {
    return (await client.query(text)).rows as Record<string, unknown>[]
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  const port = await freePort()
  appUrl = `http://127.0.0.1:${port}`
  stack = await startTestStack({ siteUrl: appUrl, seed: false })
  await sqlOn(readFileSync(join(import.meta.dirname, '../fixtures/rotterdam-zuid.sql'), 'utf8'))
  // A resident, to open the idea form, and an admin of this area.
  const admin = createClient(stack.info.apiUrl, stack.info.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  })
  for (const email of ['bewoner@zuid.example']) {
    const { error } = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: 'Bewoner Zuid' },
    })
    if (error) throw error
  }
  // The same build as production, against this stack.
  outDir = mkdtempSync(join(tmpdir(), 'emmer-other-area-'))
  await buildApp(outDir, stack.info)
  server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true },
  })
  browser = await launchBrowser()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()))
  await stack?.stop()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

/** Everything a reader sees or hears: the text, the title, the meta description, labels. */
async function rendered(page: Page): Promise<string> {
  return page.evaluate(() =>
    [
      document.title,
      document.querySelector('meta[name="description"]')?.getAttribute('content') ?? '',
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')].map((el) =>
        ['aria-label', 'title', 'placeholder', 'alt']
          .map((a) => el.getAttribute(a) ?? '')
          .join(' '),
      ),
    ].join('\n'),
  )
}

async function open(page: Page, path: string) {
  await page.goto(new URL(path, appUrl).toString())
  await page.locator('main h1').first().waitFor()
  await page.waitForLoadState('networkidle').catch(() => undefined)
}

describe.each([
  ['nl-NL', 'nl'],
  ['ar', 'ar'],
] as const)('another area (%s)', (locale, lang) => {
  it('no page names Woensel, the Pact or Eindhoven; the area and its contact are shown', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    for (const path of ['/', `/idee/${IDEA}`, '/coalities', '/over', '/inloggen', '/nergens']) {
      await open(page, path)
      const text = await rendered(page)
      expect(text.match(FORBIDDEN)?.[0] ?? null, path).toBeNull()
      expect(text, path).toContain('team@zuid.example')
    }
    await open(page, '/')
    expect(await rendered(page)).toContain('Rotterdam-Zuid')
    // The theme's own name, from the database; "wonen" has Dutch only, so Arabic falls back to it.
    await open(page, `/idee/${IDEA}`)
    expect(await rendered(page)).toContain(lang === 'ar' ? 'المدرسة' : 'School')
    await open(page, '/over')
    expect(await rendered(page)).toContain('Nationaal Programma Rotterdam Zuid')
    expect(await rendered(page)).toContain(lang === 'ar' ? '10' : 'binnen 10 dagen')

    // The idea form, signed in: buurten and themes are this area's, with the theme's explanation.
    await open(page, '/inloggen?next=%2Fnieuw')
    await page.getByRole('button', { name: msg('signIn.usePassword', {}, lang) }).click()
    await page
      .getByLabel(msg('signIn.email', {}, lang), { exact: true })
      .fill('bewoner@zuid.example')
    await page.getByLabel(msg('signIn.password', {}, lang), { exact: true }).fill(PASSWORD)
    await page
      .getByRole('button', { name: msg('signIn.signInPassword', {}, lang), exact: true })
      .click()
    await page.waitForURL((url) => url.pathname === '/nieuw')
    const theme = page.getByLabel(msg('newIdea.theme', {}, lang), { exact: true })
    await theme.locator('option', { hasText: 'Wonen' }).waitFor({ state: 'attached' })
    await theme.selectOption({ label: 'Wonen' })
    await page.getByText('Een goed en betaalbaar huis.').waitFor()
    const text = await rendered(page)
    expect(text.match(FORBIDDEN)?.[0] ?? null, '/nieuw').toBeNull()
    expect(text).toContain('Afrikaanderwijk')
    await context.close()
  })
})

/** The latest mail to an address in this stack's mailbox, once it has the subject asked for. */
function mailTo(to: string, subject: RegExp) {
  return untilFound(
    async () => {
      const mail = await latestMail(to, stack.info.mailboxUrl)
      return mail && subject.test(mail.subject) ? mail : undefined
    },
    `a mail to ${to} with subject ${subject}`,
    20_000,
  )
}

describe("another area's mails", () => {
  it('the digest, the answer mail and the sign-in code name Rotterdam-Zuid, never Woensel, the Pact or Eindhoven', async () => {
    const service = createClient(stack.info.apiUrl, stack.info.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    })
    const email = 'mailbox@zuid.example'
    const { data: created, error } = await service.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: 'Mail Zuid', locale: 'nl' },
    })
    if (error) throw error
    const id = created.user.id
    const checked = (mail: { subject: string; text: string; html?: string }, what: string) => {
      const all = [mail.subject, mail.text, mail.html ?? ''].join('\n')
      expect(all.match(FORBIDDEN)?.[0] ?? null, what).toBeNull()
      return all
    }

    // The digest: one unread bericht about this area's idea.
    await sqlOn(`insert into public.digest_settings (user_id, frequency, answer_mail)
                 values ('${id}', 'daily', true)`)
    await sqlOn(`insert into public.notifications (user_id, kind, idea_id)
                 values ('${id}', 'new_idea_in_neighbourhood', '${IDEA}')`)
    const digest = await service.functions.invoke('digest')
    expect(digest.error).toBeNull()
    expect(digest.data.sent).toContain(email)
    const digestMail = await mailTo(email, /Emmer/)
    expect(checked(digestMail, 'digest')).toContain('Rotterdam-Zuid')
    expect(digestMail.text).toContain('Huiswerkklas in het wijkhuis')

    // The answer mail: the team answers this person's idea.
    const [idea] =
      await sqlOn(`insert into public.ideas (author_id, title, body, kind, theme_id, neighbourhood_id)
      values ('${id}', 'Een bankje op het plein', 'Er is nergens een plek om even te zitten op het plein.',
              'idea', '21000000-0000-4000-8000-000000000002', '11000000-0000-4000-8000-000000000002')
      returning id`)
    await sqlOn(`insert into public.idea_updates (idea_id, status, message)
                 values ('${idea.id}', 'in_progress', 'We gaan ermee aan de slag met de buurt.')`)
    const answer = await service.functions.invoke('answer-mail')
    expect(answer.error).toBeNull()
    expect(answer.data.sent).toContain(email)
    const answerMail = await mailTo(email, /beantwoord/)
    expect(checked(answerMail, 'answer')).toContain('Rotterdam-Zuid')
    expect(answerMail.text).toContain('Een bankje op het plein')

    // Auth's sign-in code.
    const anon = createClient(stack.info.apiUrl, stack.info.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    })
    expect((await anon.auth.signInWithOtp({ email })).error).toBeNull()
    const code = await mailTo(email, /code/i)
    checked(code, 'sign-in code')
    expect(code.text).toMatch(/\d{6}/)
  })
})
