// WCAG 1.4.10 (reflow) and 1.4.4 (resize text): at 320 CSS pixels wide — what a 1280 px screen
// shows at 400% zoom — and at 200% zoom, no page needs scrolling sideways, in Dutch and in Arabic.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import { SEED } from '../support/users.ts'
import { visit } from '../support/e2e-pages.ts'

const PAGES = [
  '/',
  `/idee/${SEED.idea(1)}`,
  '/nieuw',
  '/inloggen',
  '/coalities',
  '/over',
  '/agenda',
  '/agenda/nieuw',
  '/initiatieven',
  // The repair café (supabase/seed/demo.sql).
  '/initiatieven/60000000-0000-4000-8000-000000000001',
  '/initiatieven/nieuw',
]

async function overflow(page: Page): Promise<number> {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
}

describe.each(['nl-NL', 'ar'])('reflow (%s)', (locale) => {
  const browser = browserForTests()

  it('needs no sideways scrolling at 320 px wide', async () => {
    const page = await browser.newPage({ locale, viewport: { width: 320, height: 640 } })
    for (const path of PAGES) {
      await visit(page, path)
      expect(await overflow(page), path).toBeLessThanOrEqual(0)
    }
  })

  it('needs no sideways scrolling at 200% zoom on a 1280 px screen', async () => {
    const page = await browser.newPage({
      locale,
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    })
    for (const path of PAGES) {
      await visit(page, path)
      expect(await overflow(page), path).toBeLessThanOrEqual(0)
    }
  })
})
