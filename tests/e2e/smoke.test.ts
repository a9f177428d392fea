import { describe, expect, it } from 'vitest'
import { appUrl, browserForTests } from '../support/browser.ts'

describe('app smoke test', () => {
  const browser = browserForTests()

  it('loads the built app, reads ideas from the local stack and shows them', async () => {
    // A Dutch browser: on a first visit the app follows the browser's language.
    const page = await browser.newPage({ locale: 'nl-NL' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    const ideasResponse = page.waitForResponse(
      (r) => r.url().includes('/rest/v1/idea_cards') && r.request().method() === 'GET',
    )
    await page.goto(appUrl('/'))
    const response = await ideasResponse
    expect(response.status()).toBeLessThan(300)
    const rows = (await response.json()) as unknown[]
    expect(rows.length).toBeGreaterThan(0)
    await expect.poll(() => page.locator('main h1').count()).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('main a[href^="/ideeen/"], main a[href^="/idee/"]').count())
      .toBeGreaterThan(0)
    expect(await page.getAttribute('html', 'lang')).toBe('nl')
    expect(errors).toEqual([])
    await page.close()
  })
})
