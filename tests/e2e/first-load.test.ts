// What the production build keeps off the first load still works when it is needed (issue #14):
// the team's texts arrive before a team page shows (scripts/precompileMessages.ts,
// src/i18n/index.ts), in the reader's language, and signing out still revokes the session at Auth
// through auth-js's admin API, which now loads on first use (src/api/authLeftOut.ts).
import { describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  visit,
  waitForPath,
} from '../support/e2e-pages.ts'

describe('what loads after the first screen', () => {
  const browser = browserForTests()

  it("shows a team page's texts, not their keys, on a first visit and after a language change", async () => {
    const { context, page, errors } = await openPage(browser)
    const teamChunk = page.waitForResponse((r) => /\/assets\/nl-[\w-]+\.js$/.test(r.url()))
    await visit(page, '/geen-toegang')
    await teamChunk
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain(msg('moderation.noAccess.text'))
    // From the home page on: the texts come with the navigation, in the language chosen since.
    await visit(page, '/')
    await page.getByRole('combobox', { name: msg('language.label') }).selectOption('pl')
    await expect.poll(() => page.getAttribute('html', 'lang'), { timeout: 15_000 }).toBe('pl')
    await page.evaluate(() => {
      history.pushState({}, '', '/geen-toegang')
      dispatchEvent(new PopStateEvent('popstate'))
    })
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain(msg('moderation.noAccess.text', {}, 'pl'))
    expect(await page.locator('main').innerText()).not.toMatch(/moderation\.\w/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('signs out: the admin API loads on first use and Auth revokes the session', async () => {
    const { email } = await createResident('Uitlogger')
    const { context, page, errors } = await openPage(browser)
    await signInWithPassword(page, email)
    await visit(page, '/mijn')
    const logout = page.waitForResponse(
      (r) => r.url().includes('/auth/v1/logout') && r.request().method() === 'POST',
    )
    await page.getByRole('button', { name: msg('my.signOut') }).click()
    expect((await logout).status()).toBe(204)
    await waitForPath(page, (p) => p !== '/mijn')
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.includes('auth-token')),
    )
    expect(stored).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})
