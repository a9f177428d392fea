// Keyboard only: the skip link, a visible focus indicator, and the main resident flow (sign in,
// post an idea, vote, comment) with nothing but Tab, Shift+Tab, Enter, Space and typing.
import { randomUUID } from 'node:crypto'
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { SEED } from '../support/users.ts'
import {
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  until,
  visit,
  waitForPath,
  type Opened,
  type ViewportName,
  SEEDED_THEMES,
} from '../support/e2e-pages.ts'

async function isFocused(locator: Locator): Promise<boolean> {
  if ((await locator.count()) !== 1) return false
  return locator.evaluate((el) => el === document.activeElement).catch(() => false)
}

/** Presses Tab until the locator has focus (as a keyboard user would), at most `max` times. */
async function tabTo(page: Page, locator: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(locator)) return
    await page.keyboard.press('Tab')
  }
  if (!(await isFocused(locator))) throw new Error(`Tab never reached ${locator.toString()}`)
}

/** The focused element shows a focus indicator: an outline or a box shadow. */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return false
    const s = getComputedStyle(el)
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== ''
    const r = el.getBoundingClientRect()
    const onScreen =
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < innerHeight &&
      r.left < innerWidth
    return (outline || shadow) && onScreen
  })
}

describe.each(['phone', 'desktop'] as ViewportName[])(
  'the skip link and focus (%s)',
  (viewport) => {
    const browser = browserForTests()
    let me: Opened
    beforeAll(async () => {
      me = await openPage(browser, { viewport })
    })

    it('the first Tab shows the skip link; Enter moves focus to the main content', async () => {
      const { page } = me
      await visit(page, '/')
      await page.keyboard.press('Tab')
      const skip = page.getByRole('link', { name: msg('app.skip') })
      expect(await isFocused(skip)).toBe(true)
      expect(await focusIsVisible(page)).toBe(true)
      await page.keyboard.press('Enter')
      await until(
        () => page.evaluate(() => document.activeElement?.id === 'inhoud'),
        'focus on <main>',
      )
      // The next Tab continues inside the main content, past the header and menu.
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true)
    })

    it('every control reached by Tab on the home page shows where focus is', async () => {
      const { page } = me
      await visit(page, '/')
      await page.locator('main .card-list li').first().waitFor()
      const missing: string[] = []
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab')
        if (!(await focusIsVisible(page))) {
          missing.push(
            await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'none'),
          )
        }
      }
      expect(missing).toEqual([])
    })
  },
)

describe('a resident uses Emmer with the keyboard only (desktop)', () => {
  const browser = browserForTests()
  let page: Page
  let errors: string[]
  let resident: { email: string; id: string }
  const title = `Buurtbibliotheek in het portiek ${randomUUID().slice(0, 6)}`
  let ideaId = ''

  beforeAll(async () => {
    ;({ page, errors } = await openPage(browser, { viewport: 'desktop' }))
    resident = await createResident('Toetsenbord')
  })

  it('signs in with a password', async () => {
    await visit(page, '/')
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: msg('nav.signIn') }))
    await page.keyboard.press('Enter')
    await waitForPath(page, (p) => p === '/inloggen')
    // Route changes move focus to the main content, so the next Tab starts there.
    await until(
      () => page.evaluate(() => document.activeElement?.id === 'inhoud'),
      'focus on <main>',
    )

    await tabTo(page, page.getByRole('button', { name: msg('signIn.usePassword') }))
    await page.keyboard.press('Space')
    await tabTo(page, page.getByLabel(msg('signIn.email'), { exact: true }))
    await page.keyboard.type(resident.email)
    await page.keyboard.press('Tab')
    expect(await isFocused(page.getByLabel(msg('signIn.password'), { exact: true }))).toBe(true)
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Enter')
    await waitForPath(page, (p) => p === '/mijn')
  })

  it('posts an idea', async () => {
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: msg('nav.new') }))
    await page.keyboard.press('Enter')
    await waitForPath(page, (p) => p === '/nieuw')

    await tabTo(page, page.getByLabel(msg('newIdea.titleField'), { exact: true }))
    await page.keyboard.type(title)
    await tabTo(page, page.getByLabel(msg('newIdea.body'), { exact: true }))
    await page.keyboard.type(
      'Ik zet een kast met boeken in ons portiek. Iedereen mag een boek pakken of brengen.',
    )
    await tabTo(page, page.getByLabel(msg('newIdea.kind'), { exact: true }))
    await page.keyboard.press('ArrowDown')
    await tabTo(page, page.getByLabel(msg('newIdea.neighbourhood'), { exact: true }))
    await page.keyboard.type('Limbeek-N')
    await tabTo(page, page.getByLabel(msg('newIdea.theme'), { exact: true }))
    await page.keyboard.type(SEEDED_THEMES['samen-leven'])
    expect(await page.getByLabel(msg('newIdea.neighbourhood'), { exact: true }).inputValue()).toBe(
      SEED.neighbourhoods.limbeekNoord,
    )
    expect(await page.getByLabel(msg('newIdea.theme'), { exact: true }).inputValue()).toBe(
      SEED.themes.samenLeven,
    )

    await tabTo(page, page.getByRole('button', { name: msg('newIdea.submit') }))
    expect(await focusIsVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
    ideaId = new URL(page.url()).pathname.split('/').pop()!
    const rows = await sql<{ kind: string }>(
      'select kind::text from public.ideas where title = $1',
      [title],
    )
    expect(rows).toEqual([{ kind: 'initiative' }])
  })

  it('opens the idea, votes with Space and comments with Enter', async () => {
    await tabTo(page, page.getByRole('link', { name: msg('posted.see') }))
    await page.keyboard.press('Enter')
    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    await page.getByRole('heading', { level: 1, name: title }).waitFor()

    await tabTo(page, page.getByRole('button', { name: msg('vote.vote'), exact: true }))
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: msg('vote.undo'), exact: true }).waitFor()

    const text = 'Ik breng morgen drie boeken.'
    await tabTo(page, page.getByLabel(msg('comments.label'), { exact: true }))
    await page.keyboard.type(text)
    // Next come the text's language (the writer's own by default) and then the button.
    await page.keyboard.press('Tab')
    expect(await isFocused(page.getByLabel(msg('translate.textLanguage'), { exact: true }))).toBe(
      true,
    )
    await page.keyboard.press('Tab')
    expect(
      await isFocused(page.getByRole('button', { name: msg('comments.add'), exact: true })),
    ).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('.comments__body', { hasText: text }).waitFor()

    const [row] = await sql<{ vote_count: number; comment_count: number }>(
      'select vote_count, comment_count from public.ideas where id = $1',
      [ideaId],
    )
    expect(row).toEqual({ vote_count: 1, comment_count: 1 })
    expect(errors).toEqual([])
  })
})
