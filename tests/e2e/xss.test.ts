// Script in ideas and comments stays text: an XSS corpus posted through the API as a resident is
// shown literally on the idea page and the home list in real Chromium, and nothing in it runs
// (no dialog, no flag set by a payload, no element made from it).
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser } from '../support/browser.ts'
import { SEED, createUser } from '../support/users.ts'

const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '<svg onload="window.__xss=3"><circle r=1 /></svg>',
  '<a href="javascript:window.__xss=4">klik hier</a>',
  '<iframe src="javascript:parent.__xss=5"></iframe>',
  '"><img src=x onerror=alert(6)>',
  "'-alert(7)-'",
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(8)>',
  '{{ constructor.constructor("window.__xss=9")() }}',
  '<details open ontoggle="window.__xss=10">',
  'javascript:alert(11)',
  '<body onload=alert(12)>',
]

async function guardedPage(context: BrowserContext): Promise<{ page: Page; dialogs: string[] }> {
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>
    w.__xss = 0
    for (const name of ['alert', 'confirm', 'prompt'] as const) {
      w[name] = (...args: unknown[]) => {
        w.__xss = `${name}(${args.join(',')})`
      }
    }
  })
  return { page, dialogs }
}

describe('XSS corpus renders as inert text', () => {
  let browser: Browser
  let context: BrowserContext
  const ideaId = randomUUID()
  const title = '<img src=x onerror="window.__xss=1">'

  beforeAll(async () => {
    browser = await launchBrowser()
    // The npm Chromium runs single-process: closing a page's own context can end the browser,
    // so all pages share one context that stays open.
    context = await browser.newContext()
    const author = await createUser()
    const { error } = await author.client.rpc('submit_idea', {
      id: ideaId,
      title,
      body: `Een idee met gevaarlijke tekst erin:\n\n${CORPUS.join('\n\n')}`,
      kind: 'idea',
      theme_id: SEED.themes.fijneBuurt,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    expect(error).toBeNull()
    const commenter = await createUser()
    for (const body of CORPUS) {
      const res = await commenter.client.from('comments').insert({ idea_id: ideaId, body })
      expect(res.error).toBeNull()
    }
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function expectInert(page: Page, dialogs: string[]) {
    // A marker instead of a pause: a control image with the payloads' broken src="x", made after
    // the page rendered. Once its error has fired, the browser has also tried every <img src="x">
    // that a payload parsed as HTML would have made, so their handlers would have run by now.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const control = new Image()
          control.onerror = () => resolve()
          control.src = 'x'
        }),
    )
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __xss: unknown }).__xss)).toBe(0)
    expect(
      await page
        .locator(
          'main img[src="x"], main svg[onload], main iframe, main details[ontoggle], main a[href^="javascript:"]',
        )
        .count(),
    ).toBe(0)
    expect(await page.locator('script:not([src])', { hasText: '__xss' }).count()).toBe(0)
  }

  it('shows every payload literally on the idea page, in the idea and in the comments, and runs none', async () => {
    const { page, dialogs } = await guardedPage(context)
    await page.goto(appUrl(`/idee/${ideaId}`))
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(title)
    const shownTwice = (t: string, payload: string) => t.split(payload).length - 1 >= 2
    // Comments load after the idea: wait until all are there.
    await expect
      .poll(
        async () => {
          const t = await page.locator('main').innerText()
          return CORPUS.filter((p) => !shownTwice(t, p))
        },
        { timeout: 15_000 },
      )
      .toEqual([])
    const text = await page.locator('main').innerText()
    for (const payload of CORPUS) {
      // In the body and again as a comment.
      expect(shownTwice(text, payload), `"${payload}" shown literally twice`).toBe(true)
    }
    await expectInert(page, dialogs)
    await page.close()
  })

  it('shows the title literally on the home list, and runs nothing', async () => {
    const { page, dialogs } = await guardedPage(context)
    await page.goto(appUrl('/'))
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(title)
    await expectInert(page, dialogs)
    await page.close()
  })
})
