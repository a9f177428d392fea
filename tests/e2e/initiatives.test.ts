// "Van initiatief naar initiatief" in a real Chromium against the local stack: the list of what
// buren already do, narrowed by buurt, theme and a Dutch search, shown as a list or on the map,
// each initiative's own page, and an "Ik wil zelf iets doen" idea that its author turns into an
// initiative in one step. In Dutch on a desktop and in Arabic (right to left) at 360 px, axe-clean.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
  waitForPath,
  type Lang,
} from '../support/e2e-pages.ts'
import { arrangeIdea, SEED } from '../support/users.ts'

// The demo initiatives (supabase/seed/demo.sql), all three of the theme samen leven.
const REPAIR = 'Repair café Limbeek' // Limbeek-Zuid
const TAAL = 'Taalcafé voor nieuwe buren' // Rapenland
const KOKEN = 'Samen koken in het buurthuis' // Limbeek-Noord

/** The names the list shows now. */
async function shown(page: Page): Promise<string[]> {
  return page.getByTestId('initiatives').getByRole('heading', { level: 2 }).allInnerTexts()
}

async function until3Shown(page: Page, want: Record<string, boolean>, what: string) {
  await until(async () => {
    const names = await shown(page)
    return Object.entries(want).every(([name, yes]) => names.includes(name) === yes)
  }, what)
}

describe('initiatives', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  for (const [lang, locale, viewport] of [
    ['nl', 'nl-NL', 'desktop'],
    ['ar', 'ar', 'phone'],
  ] as const satisfies readonly (readonly [Lang, string, 'desktop' | 'phone'])[]) {
    it(`a visitor (${lang}, ${viewport}) narrows the list by buurt, theme and words, sees the map and opens one`, async () => {
      const { page, errors } = await openPage(browser, { locale, viewport })
      await visit(page, '/initiatieven')
      await page
        .getByRole('heading', { level: 1, name: msg('initiatives.title', {}, lang) })
        .waitFor()
      await until3Shown(
        page,
        { [REPAIR]: true, [TAAL]: true, [KOKEN]: true },
        'the three demo initiatives',
      )
      if (lang === 'ar') expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
      await expectNoAxeViolations(page)

      // A buurt: only what happens there.
      const buurt = page.getByLabel(msg('agenda.neighbourhood', {}, lang))
      await buurt.selectOption({ label: 'Limbeek-Zuid' })
      await until3Shown(
        page,
        { [REPAIR]: true, [TAAL]: false, [KOKEN]: false },
        'Limbeek-Zuid only',
      )
      await buurt.selectOption({ value: '' })
      await until3Shown(page, { [REPAIR]: true, [TAAL]: true, [KOKEN]: true }, 'all buurten again')

      // A theme none of the three has.
      const theme = page.getByLabel(msg('newIdea.theme', {}, lang))
      await theme.selectOption({ value: SEED.themes.veiligheid })
      await until3Shown(
        page,
        { [REPAIR]: false, [TAAL]: false, [KOKEN]: false },
        'none of another theme',
      )
      await theme.selectOption({ value: '' })

      // Dutch search: "repareer" finds "repareren" in the repair café's description only.
      await page.getByLabel(msg('initiatives.search', {}, lang)).fill('repareer')
      await until3Shown(
        page,
        { [REPAIR]: true, [TAAL]: false, [KOKEN]: false },
        'the search for repareer',
      )

      // The map instead of the list, and back.
      await page.getByRole('button', { name: msg('initiatives.onMap', {}, lang) }).click()
      await page.getByTestId('ideas-map').waitFor()
      expect(
        await page
          .getByRole('button', { name: msg('initiatives.onMap', {}, lang) })
          .getAttribute('aria-pressed'),
      ).toBe('true')
      await expectNoAxeViolations(page)
      await page.getByRole('button', { name: msg('initiatives.asList', {}, lang) }).click()

      await page.getByRole('link', { name: REPAIR }).click()
      await page.getByRole('heading', { level: 1, name: REPAIR }).waitFor()
      await page.getByText('Elke eerste zaterdag van de maand, van 10 tot 13 uur').waitFor()
      await expectNoAxeViolations(page)
      expect(errors).toEqual([])
    }, 180_000)
  }

  it('the author of an "Ik wil zelf iets doen" idea makes it an initiative in one step', async () => {
    const author = await createResident('Initiatief Maker')
    const title = `Buurtmoestuin ${randomUUID().slice(0, 6)}`
    const idea = await arrangeIdea(author.id, {
      kind: 'initiative',
      title,
      body: 'Wij willen samen groente kweken op het lege veld achter de school. Wie doet mee?',
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, author.email)
    await visit(page, `/idee/${idea}`)
    await page.getByRole('button', { name: msg('initiatives.fromIdea') }).click()
    // The initiative takes the idea's title, so its heading alone does not tell the pages apart.
    await waitForPath(page, (path) => path.startsWith('/initiatieven/'))
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    const [made] = await sql<{ id: string; organiser_id: string }>(
      'select id, organiser_id from public.initiatives where idea_id = $1',
      [idea],
    )
    expect(made.organiser_id).toBe(author.id)
    expect(page.url()).toContain(`/initiatieven/${made.id}`)

    // The idea now points to its initiative, for everyone; its author is not offered a second one.
    const { page: visitor } = await openPage(browser, { viewport: 'desktop' })
    await visit(visitor, `/idee/${idea}`)
    await visitor.getByRole('link', { name: msg('initiatives.seeInitiative') }).click()
    await waitForPath(visitor, (path) => path === `/initiatieven/${made.id}`)
    await visitor.getByRole('heading', { level: 1, name: title }).waitFor()
    await expectNoAxeViolations(visitor)
    await page.getByRole('link', { name: msg('initiatives.toIdea') }).click()
    await waitForPath(page, (path) => path === `/idee/${idea}`)
    await page.getByRole('link', { name: msg('initiatives.seeInitiative') }).waitFor()
    expect(await page.getByRole('button', { name: msg('initiatives.fromIdea') }).count()).toBe(0)
    expect(errors).toEqual([])
  }, 180_000)
})
