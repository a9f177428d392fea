// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every resident page, in Dutch and in Arabic
// (right to left), on a 360 px phone and on a desktop. Signed-out pages first, then the pages a
// signed-in resident sees.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { SEED } from '../support/users.ts'
import {
  DEMO,
  DEMO_PASSWORD,
  listSettled,
  msg,
  openPage,
  visit,
  waitForPath,
  type Lang,
  type Opened,
  type ViewportName,
} from '../support/e2e-pages.ts'

// An idea with a status answer, comments, replies and a coalition: the richest idea page.
const RICH_IDEA = SEED.idea(1)
// The repair café (supabase/seed/demo.sql), with a visit in the agenda.
const DEMO_INITIATIVE = '60000000-0000-4000-8000-000000000001'

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page
    .locator('main [role="status"]', { hasText: /…$/ })
    .waitFor({ state: 'detached' })
    .catch(() => undefined)
}

const combos: [Lang, ViewportName][] = [
  ['nl', 'phone'],
  ['nl', 'desktop'],
  ['ar', 'phone'],
  ['ar', 'desktop'],
]

describe.each(combos)('axe-core finds no violations (%s, %s)', (lang, viewport) => {
  let browser: Browser
  let me: Opened

  beforeAll(async () => {
    browser = await launchBrowser()
    me = await openPage(browser, { locale: lang === 'ar' ? 'ar' : 'nl-NL', viewport })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('home, with the idea list loaded', async () => {
    await visit(me.page, '/')
    await listSettled(me.page)
    await me.page.locator('main .card-list li').first().waitFor()
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })

  it('an idea, as a visitor', async () => {
    await visit(me.page, `/idee/${RICH_IDEA}`)
    await me.page.locator('#comments-title').waitFor()
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })

  it('new idea, signed out (with the sign-in notice)', async () => {
    await visit(me.page, '/nieuw')
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })

  it('sign in, with the message for an empty address', async () => {
    await visit(me.page, '/inloggen')
    await settle(me.page)
    await expectNoAxeViolations(me.page)
    await me.page.getByRole('button', { name: msg('signIn.sendCode', {}, lang) }).click()
    await me.page
      .getByText(msg('signIn.emailMissing', {}, lang))
      .first()
      .waitFor()
    await expectNoAxeViolations(me.page)
  })

  it('coalitions', async () => {
    await visit(me.page, '/coalities')
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })

  // Each page waits for its own content (the agenda keeps a live connection open).
  it.each([
    ['/agenda', '[data-testid="agenda"] li'],
    ['/agenda/nieuw', '[data-testid="event-form"]'],
    ['/initiatieven', '[data-testid="initiatives"] li'],
    [`/initiatieven/${DEMO_INITIATIVE}`, '[data-testid="initiative"]'],
    ['/initiatieven/nieuw', 'main form'],
  ])('the agenda and the initiatives, signed out: %s', async (path, ready) => {
    await visit(me.page, path)
    await me.page.locator(ready).first().waitFor()
    await me.page
      .locator('main [role="status"]', { hasText: /…$/ })
      .waitFor({ state: 'detached' })
      .catch(() => undefined)
    await expectNoAxeViolations(me.page)
  })

  it('about', async () => {
    await visit(me.page, '/over')
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })

  it('not found', async () => {
    await visit(me.page, '/bestaat-niet')
    await me.page
      .getByRole('heading', { level: 1, name: msg('notFound.title', {}, lang) })
      .waitFor()
    await expectNoAxeViolations(me.page)
  })

  it('my page, signed in', async () => {
    const { page } = me
    await visit(page, '/inloggen')
    await page.getByRole('button', { name: msg('signIn.usePassword', {}, lang) }).click()
    await page.getByLabel(msg('signIn.email', {}, lang), { exact: true }).fill(DEMO.bewoner)
    await page.getByLabel(msg('signIn.password', {}, lang), { exact: true }).fill(DEMO_PASSWORD)
    await page
      .getByRole('button', { name: msg('signIn.signInPassword', {}, lang), exact: true })
      .click()
    await waitForPath(page, (p) => p === '/mijn')
    await page.locator('#my-ideas-title').waitFor()
    await settle(page)
    await expectNoAxeViolations(page)
    // The delete confirmation is part of the page too.
    await page.getByRole('button', { name: msg('my.delete', {}, lang) }).click()
    await page.getByRole('group', { name: msg('my.deleteQuestion', {}, lang) }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: msg('my.deleteCancel', {}, lang) }).click()
  })

  it('new idea, signed in, after a submit with empty fields', async () => {
    await visit(me.page, '/nieuw')
    await settle(me.page)
    await expectNoAxeViolations(me.page)
    await me.page.getByRole('button', { name: msg('newIdea.submit', {}, lang) }).click()
    await me.page.locator('[aria-invalid="true"]').first().waitFor()
    await expectNoAxeViolations(me.page)
  })

  it('an idea, signed in (vote, follow, comment and report controls)', async () => {
    await visit(me.page, `/idee/${RICH_IDEA}`)
    await me.page.getByLabel(msg('comments.label', {}, lang), { exact: true }).waitFor()
    await settle(me.page)
    await expectNoAxeViolations(me.page)
  })
})
