// Every mail in the reader's language, as a mail program shows it: the sign-in code, recovery and
// e-mail change mails from Auth, and the digest, answer mail and message to an organiser from the
// Edge Functions, for a person in each of the five languages; each rendered in a real Chromium and
// checked for its language, direction and words, and with axe. Then the app: the language a
// signed-in person picks is saved, and the answer mail is asked for on My page.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { anonClient, latestMail, serviceClient, sql } from '../support/clients.ts'
import {
  createResident,
  LOCALES,
  msg,
  openPage,
  signInWithPassword,
  until,
  untilFound,
  visit,
  type Lang,
} from '../support/e2e-pages.ts'
import { arrangeIdea, createUser, SEED } from '../support/users.ts'

type Mail = { subject: string; text: string; html?: string }
const langs = Object.keys(LOCALES) as Lang[]

/** Waits for a new mail with HTML to an address (polling the mailbox; usable in beforeAll). */
function mailTo(email: string, what: string, before?: Mail): Promise<Mail> {
  return untilFound(async () => {
    const found = await latestMail(email)
    return found?.html && found.html !== before?.html ? found : undefined
  }, `${what} to ${email}`)
}

/** A person with a password, an account confirmed, and `locale` as their saved language. */
async function personIn(locale: Lang) {
  const email = `mail-${locale}-${randomUUID().slice(0, 8)}@example.test`
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password: 'correct-horse-battery',
    email_confirm: true,
    user_metadata: { display_name: `Buur ${locale}`, locale },
  })
  if (error) throw error
  return { email, id: data.user.id }
}

describe('mails in five languages, rendered in Chromium', () => {
  let browser: Browser
  let page: Page
  const mails: { lang: Lang; kind: string; mail: Mail }[] = []

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await (await openPage(browser)).context.newPage()
    const moderator = await createUser({ role: 'moderator' })
    const sender = await createUser({ meta: { display_name: 'Pieter' } })
    for (const lang of langs) {
      // Sign-in code (magic_link template) and recovery, each for its own person (one mail a
      // minute per address).
      const login = await personIn(lang)
      expect(
        (
          await anonClient().auth.signInWithOtp({
            email: login.email,
            options: { shouldCreateUser: false },
          })
        ).error,
      ).toBeNull()
      mails.push({ lang, kind: 'login', mail: await mailTo(login.email, 'the code mail') })

      const recovery = await personIn(lang)
      expect((await anonClient().auth.resetPasswordForEmail(recovery.email)).error).toBeNull()
      mails.push({
        lang,
        kind: 'recovery',
        mail: await mailTo(recovery.email, 'the recovery mail'),
      })

      const mover = await personIn(lang)
      const client = anonClient()
      expect(
        (
          await client.auth.signInWithPassword({
            email: mover.email,
            password: 'correct-horse-battery',
          })
        ).error,
      ).toBeNull()
      const newEmail = `moved-${randomUUID().slice(0, 8)}@example.test`
      expect((await client.auth.updateUser({ email: newEmail })).error).toBeNull()
      mails.push({
        lang,
        kind: 'email_change',
        mail: await mailTo(newEmail, 'the e-mail change mail'),
      })

      // Digest and answer mail: one person who asked for both.
      const author = await personIn(lang)
      await sql(
        `insert into public.digest_settings (user_id, frequency, answer_mail) values ($1, 'daily', true)`,
        [author.id],
      )
      const idea = await arrangeIdea(author.id, { title: `Een bankje bij het speelveld ${lang}` })
      const { error } = await moderator.client.rpc('set_idea_status', {
        idea_id: idea,
        status: 'in_progress',
        message: 'Dank je wel. We gaan ermee aan de slag met de buurt.',
      })
      expect(error).toBeNull()
      expect((await serviceClient().functions.invoke('answer-mail')).error).toBeNull()
      const answer = await mailTo(author.email, 'the answer mail')
      mails.push({ lang, kind: 'answer', mail: answer })
      expect((await serviceClient().functions.invoke('digest')).error).toBeNull()
      mails.push({ lang, kind: 'digest', mail: await mailTo(author.email, 'the digest', answer) })

      // A message to an organiser ("Stuur een bericht"), the sender's address not shared.
      const organiser = await personIn(lang)
      await sql(`update public.profiles set locale = $2 where id = $1`, [organiser.id, lang])
      const initiative = randomUUID()
      await sql(
        `insert into public.initiatives (id, name, description, neighbourhood_id, organiser_id)
         values ($1, $2, 'Buren die samen de straat groener maken.', $3, $4)`,
        [initiative, `Groene straat ${lang}`, SEED.neighbourhoods.limbeekNoord, organiser.id],
      )
      const { error: sendError } = await sender.client.rpc('send_contact_message', {
        id: randomUUID(),
        body: 'Hallo, ik wil graag meedoen met planten. Wanneer zijn jullie er weer?',
        initiative_id: initiative,
      })
      expect(sendError).toBeNull()
      expect((await serviceClient().functions.invoke('answer-mail')).error).toBeNull()
      mails.push({ lang, kind: 'contact', mail: await mailTo(organiser.email, 'the contact mail') })
    }
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('has all six kinds in all five languages', () => {
    expect(mails).toHaveLength(30)
  })

  it.each(langs)(
    'in %s: lang and dir, the words of that language, and no axe violations',
    async (lang) => {
      for (const { kind, mail } of mails.filter((m) => m.lang === lang)) {
        await page.setContent(mail.html!)
        expect(await page.locator('html').getAttribute('lang'), kind).toBe(lang)
        expect(await page.locator('html').getAttribute('dir'), kind).toBe(
          lang === 'ar' ? 'rtl' : 'ltr',
        )
        expect(await page.evaluate(() => getComputedStyle(document.body).direction), kind).toBe(
          lang === 'ar' ? 'rtl' : 'ltr',
        )
        expect(await page.title(), kind).toBe(mail.subject)
        const shown = await page.locator('body').innerText()
        if (kind === 'answer') {
          expect(mail.subject).toBe(msg('mail.answer.subject', {}, lang))
          expect(shown).toContain(msg('mail.answer.read', {}, lang))
          expect(shown).toContain(`Een bankje bij het speelveld ${lang}`)
        } else if (kind === 'contact') {
          expect(mail.subject).toBe(
            msg('mail.contact.subject', { title: `Groene straat ${lang}` }, lang),
          )
          expect(shown).toContain(msg('mail.contact.replyNotShared', { sender: 'Pieter' }, lang))
          expect(shown).toContain('ik wil graag meedoen met planten')
        } else if (kind === 'digest') {
          expect(mail.subject).toBe(msg('my.digest.mailSubject', { n: 1 }, lang))
          expect(shown).toContain(msg('notification.status', {}, lang))
        } else {
          // Auth's mails: the 6-digit code shown on its own, and a link with words.
          expect(shown, kind).toMatch(/^\d{6}$/m)
          await expect(page.getByRole('link').first().innerText()).resolves.not.toMatch(/https?:/)
        }
        // The job mails end with the area's name from area_settings (the seed's, here); no text
        // of their own names an area (tests/e2e/other-area.test.ts checks another area's).
        let own = shown
        if (kind === 'answer' || kind === 'digest' || kind === 'contact') {
          expect(shown, kind).toContain('Emmer · Woensel-Zuid')
          own = shown.replace('Emmer · Woensel-Zuid', '')
        }
        expect(own, kind).not.toMatch(/Woensel|Eindhoven/)
        // Readable at a phone's width without sideways scrolling.
        await page.setViewportSize({ width: 320, height: 640 })
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
          `${kind} fits 320 px`,
        ).toBe(true)
        await page.setViewportSize({ width: 1280, height: 800 })
        await expectNoAxeViolations(page)
      }
    },
    // Five mails with axe each: about 45 s on a loaded machine.
    240_000,
  )
})

describe('the app saves the language and the answer-mail choice', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('a signed-in person who switches to Polish has it saved for their mails', async () => {
    const me = await createResident('Taalwisselaar')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, me.email)
    // The switch in the header (My page has a language field of its own).
    await page.locator('#language-switch').selectOption('pl')
    await until(async () => {
      const [row] = await sql<{ locale: string; meta: string }>(
        `select p.locale, u.raw_user_meta_data ->> 'locale' as meta
           from public.profiles p join auth.users u on u.id = p.id where p.id = $1`,
        [me.id],
      )
      return row.locale === 'pl' && row.meta === 'pl'
    }, 'the profile and the user metadata say pl')
    expect(errors).toEqual([])
  })

  it('an author asks for a mail when the team answers, on My page', async () => {
    const me = await createResident('Antwoordlezer')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, me.email)
    await visit(page, '/mijn')
    const settings = page.getByRole('region', { name: msg('my.settings') })
    // The saved choices arrive after the page shows: check once they are in, so that loading them
    // does not undo the click.
    const box = settings.getByLabel(msg('my.digest.answerMail'))
    await until(async () => {
      await box.check().catch(() => undefined)
      return box.isChecked()
    }, 'the answer-mail box checked')
    await settings
      .getByRole('button', { name: `${msg('common.save')} ${msg('my.digest.title')}` })
      .click()
    await until(async () => {
      const [row] = await sql<{ answer_mail: boolean }>(
        'select answer_mail from public.digest_settings where user_id = $1',
        [me.id],
      )
      return row?.answer_mail === true
    }, 'the answer-mail choice stored')
    await visit(page, '/mijn')
    const again = page.getByLabel(msg('my.digest.answerMail'))
    await until(async () => await again.isChecked(), 'checked after a reload')
    expect(errors).toEqual([])
  })
})
