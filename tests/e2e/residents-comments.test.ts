// Around the comments on an idea, in a real Chromium against the local stack: a visitor who signs
// in to vote or comment comes back to the idea (by code and by the link in the mail, never to
// another site); residents report someone else's comment (once: a second report is refused);
// authors change their own comment within 15 minutes and are told plainly when that is over.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { latestMail, sql } from '../support/clients.ts'
import { arrangeIdea } from '../support/users.ts'
import { linkIn } from '../stack/auth-helpers.ts'
import {
  codeFromMailbox,
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
  waitForPath,
} from '../support/e2e-pages.ts'

async function arrangeComment(
  ideaId: string,
  authorId: string,
  body: string,
  minutesAgo = 1,
): Promise<string> {
  const [{ id }] = await sql<{ id: string }>(
    `insert into public.comments (idea_id, author_id, body, created_at)
     values ($1, $2, $3, now() - make_interval(mins => $4)) returning id`,
    [ideaId, authorId, body, minutesAgo],
  )
  return id
}

/** The article of the comment with this text. */
function commentBy(page: Page, text: string) {
  return page.locator('article.comment', { hasText: text })
}

/** Opens an idea page and waits until its comments are there. */
async function openIdea(page: Page, ideaId: string, title: string) {
  await visit(page, `/idee/${ideaId}`)
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await page.getByRole('heading', { level: 2, name: msg('comments.title') }).waitFor()
}

describe('signing in from an idea brings you back to that idea', () => {
  let browser: Browser
  const title = `Een bankje bij de vijver ${Date.now() % 100000}`
  let ideaId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    ideaId = await arrangeIdea(null, { title })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('from the link under the vote button, with a code from the mailbox', async () => {
    const person = await createResident('Stemmer')
    const { page, context, errors } = await openPage(browser, { viewport: 'phone' })
    await openIdea(page, ideaId, title)
    expect(await page.getByRole('button', { name: msg('vote.vote'), exact: true }).count()).toBe(0)

    await page.getByRole('link', { name: msg('vote.signIn') }).click()
    await waitForPath(page, (p) => p === '/inloggen')
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/idee/${ideaId}`)

    const before = (await latestMail(person.email))?.text
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(person.email)
    await page.getByRole('button', { name: msg('signIn.sendCode') }).click()
    const codeField = page.getByLabel(msg('signIn.code'), { exact: true })
    await codeField.waitFor()
    await codeField.fill(await codeFromMailbox(person.email, before))
    await page.getByRole('button', { name: msg('signIn.verify'), exact: true }).click()

    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByRole('button', { name: msg('vote.vote'), exact: true }).click()
    await page.getByRole('button', { name: msg('vote.undo'), exact: true }).waitFor()
    await until(async () => {
      const rows = await sql('select 1 from public.votes where idea_id = $1 and user_id = $2', [
        ideaId,
        person.id,
      ])
      return rows.length === 1
    }, 'the vote is stored')
    expect(errors).toEqual([])
    await context.close()
  })

  it('from the comment sign-in link, with the link in the mail', async () => {
    const person = await createResident('Reageerder')
    const { page, context, errors } = await openPage(browser, { viewport: 'desktop' })
    await openIdea(page, ideaId, title)
    await page.getByRole('link', { name: msg('comments.signIn') }).click()
    await waitForPath(page, (p) => p === '/inloggen')

    const before = (await latestMail(person.email))?.text
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(person.email)
    await page.getByRole('button', { name: msg('signIn.sendCode') }).click()
    await page.getByLabel(msg('signIn.code'), { exact: true }).waitFor()
    await codeFromMailbox(person.email, before)
    const mail = await latestMail(person.email)
    const link = new URL(linkIn(mail!.text))
    // The link carries the way back; the stack only allows targets on this site.
    const back = new URL(link.searchParams.get('redirect_to')!)
    expect(back.pathname).toBe('/inloggen')
    expect(back.searchParams.get('next')).toBe(`/idee/${ideaId}`)

    await page.goto(link.toString())
    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    await page.getByLabel(msg('comments.label'), { exact: true }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })

  it('never to another site: a foreign next sends you to My page', async () => {
    const person = await createResident('Voorzichtig')
    const { page, context } = await openPage(browser, { viewport: 'desktop' })
    const foreign = ['//evil.example/idee', 'https://evil.example/', '/\\evil.example']
    for (const [round, next] of foreign.entries()) {
      await visit(page, `/inloggen?next=${encodeURIComponent(next)}`)
      if (round > 0) {
        // Signed in since the first round: the page sends you on at once (the form may show for
        // a moment while the session loads, so wait for where it goes, not for what it shows).
        await waitForPath(page, (p) => p === '/mijn')
        continue
      }
      await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
      await page.getByLabel(msg('signIn.email'), { exact: true }).fill(person.email)
      await page.getByLabel(msg('signIn.password'), { exact: true }).fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
      await waitForPath(page, (p) => p === '/mijn')
    }
    expect(new URL(page.url()).pathname).toBe('/mijn')
    await context.close()
  })
})

describe('reporting a comment', () => {
  let browser: Browser
  const title = `Reclame op de stoep ${Date.now() % 100000}`
  const theirs = 'Koop nu goedkope zonnepanelen bij mijn bedrijf!'
  const mine = 'Ik vind dit ook vervelend.'
  let ideaId = ''
  let commentId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    ideaId = await arrangeIdea(null, { title })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("reports someone else's comment with the keyboard, once; the second time is refused", async () => {
    const [writer, me] = await Promise.all([createResident('Verkoper'), createResident('Melder')])
    commentId = await arrangeComment(ideaId, writer.id, theirs)
    await arrangeComment(ideaId, me.id, mine)
    const { page, context, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, me.email)
    await openIdea(page, ideaId, title)

    // Not on one's own comment.
    await commentBy(page, mine).waitFor()
    expect(
      await commentBy(page, mine)
        .getByRole('button', { name: msg('comments.report') })
        .count(),
    ).toBe(0)

    const report = commentBy(page, theirs).getByRole('button', { name: msg('comments.report') })
    await report.focus()
    await page.keyboard.press('Enter')
    const reason = commentBy(page, theirs).getByLabel(msg('report.reason'), { exact: true })
    await until(
      () => reason.evaluate((el) => el === document.activeElement).catch(() => false),
      'focus in the reason field',
    )
    await page.keyboard.type('Dit is reclame.')
    await expectNoAxeViolations(page)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await commentBy(page, theirs).getByRole('status').getByText(msg('report.done')).waitFor()

    const stored = await sql<{ reporter_id: string; reason: string }>(
      'select reporter_id, reason from public.reports where comment_id = $1',
      [commentId],
    )
    expect(stored).toEqual([{ reporter_id: me.id, reason: 'Dit is reclame.' }])

    // After a reload the page does not know; the database refuses the second report.
    await openIdea(page, ideaId, title)
    await commentBy(page, theirs)
      .getByRole('button', { name: msg('comments.report') })
      .click()
    await commentBy(page, theirs)
      .getByLabel(msg('report.reason'), { exact: true })
      .fill('Nog steeds reclame.')
    await commentBy(page, theirs)
      .getByRole('button', { name: msg('report.send') })
      .click()
    await commentBy(page, theirs).getByRole('status').getByText(msg('report.already')).waitFor()
    expect(await page.getByText(msg('report.done')).count()).toBe(0)
    const [{ n }] = await sql<{ n: string }>(
      'select count(*) n from public.reports where comment_id = $1',
      [commentId],
    )
    expect(n).toBe('1')
    expect(errors).toEqual([])
    await context.close()
  })

  it('visitors get a sign-in link that brings them back, not the report form', async () => {
    const { page, context } = await openPage(browser, { viewport: 'desktop' })
    await openIdea(page, ideaId, title)
    const link = commentBy(page, theirs).getByRole('link', { name: msg('comments.reportSignIn') })
    await link.click()
    await waitForPath(page, (p) => p === '/inloggen')
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/idee/${ideaId}`)
    await context.close()
  })
})

describe("changing one's own comment", () => {
  let browser: Browser
  const title = `Meer bomen in de straat ${Date.now() % 100000}`
  let ideaId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    ideaId = await arrangeIdea(null, { title })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('changes a fresh comment; after 15 minutes the database refuses and says why', async () => {
    const me = await createResident('Schrijver')
    const fresh = await arrangeComment(ideaId, me.id, 'Ik wil een eik.', 2)
    await arrangeComment(ideaId, me.id, 'Dit schreef ik lang geleden.', 20)
    const { page, context, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, me.email)
    await openIdea(page, ideaId, title)

    const old = commentBy(page, 'Dit schreef ik lang geleden.')
    await old.waitFor()
    expect(await old.getByRole('button', { name: msg('comments.edit') }).count()).toBe(0)

    // Allowed: within the 15 minutes.
    await commentBy(page, 'Ik wil een eik.')
      .getByRole('button', { name: msg('comments.edit') })
      .click()
    const field = page.getByLabel(msg('comments.editLabel'), { exact: true })
    expect(await field.inputValue()).toBe('Ik wil een eik.')
    await field.fill('Ik wil een eik of een linde.')
    await page.getByRole('button', { name: msg('comments.save'), exact: true }).click()
    await page.locator('.comments__body', { hasText: 'Ik wil een eik of een linde.' }).waitFor()
    const [row] = await sql<{ body: string }>('select body from public.comments where id = $1', [
      fresh,
    ])
    expect(row.body).toBe('Ik wil een eik of een linde.')

    // Denied: the form is open while the 15 minutes run out.
    await commentBy(page, 'Ik wil een eik of een linde.')
      .getByRole('button', { name: msg('comments.edit') })
      .click()
    await sql(
      `update public.comments set created_at = now() - interval '16 minutes' where id = $1`,
      [fresh],
    )
    await page.getByLabel(msg('comments.editLabel'), { exact: true }).fill('Toch een beuk.')
    await page.getByRole('button', { name: msg('comments.save'), exact: true }).click()
    await page.getByText(msg('errors.commentEditWindowClosed')).waitFor()
    await expectNoAxeViolations(page)
    const [after] = await sql<{ body: string }>('select body from public.comments where id = $1', [
      fresh,
    ])
    expect(after.body).toBe('Ik wil een eik of een linde.')
    expect(errors).toEqual([])
    await context.close()
  })
})
