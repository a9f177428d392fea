// Settings as data in real Chromium: every page's footer shows how to reach the team (from
// public.area_settings), in Dutch and in Arabic at 360 px, axe-clean; an admin changes the
// settings on /beheer, a colour white text cannot be read on is refused in plain words, and the
// change shows in the footer without a code change.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { msg, openPage, signInAsDemoAdmin, visit } from '../support/e2e-pages.ts'

let original: Record<string, unknown>

async function overflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
}

describe('the area settings', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
    ;[original] = await sql('select contact_phone, brand_colour from public.area_settings')
  })
  afterAll(async () => {
    await sql('update public.area_settings set contact_phone = $1, brand_colour = $2', [
      original.contact_phone,
      original.brand_colour,
    ])
    await browser?.close()
  })

  it.each([
    ['nl-NL', 'nl'],
    ['ar', 'ar'],
  ] as const)('every page footer shows the team contact (%s, 360 px)', async (locale, lang) => {
    const { context, page, errors } = await openPage(browser, { locale, viewport: 'phone' })
    for (const path of ['/', '/over', '/nieuw', '/coalities', '/inloggen']) {
      await visit(page, path)
      const footer = page.locator('footer [data-testid="team-contact"]')
      await footer.getByText(msg('contact.title', {}, lang)).waitFor()
      expect(await footer.getByRole('link', { name: 'team@emmer.example' }).count(), path).toBe(1)
      expect(await footer.getByText('040 123 45 67').count(), path).toBe(1)
      expect(await overflow(page), path).toBeLessThanOrEqual(0)
    }
    // The walk-in hours in the reader's language (demo.sql has all five).
    const walkIn = lang === 'ar' ? 'الثلاثاء 10:00 حتى 12:00' : 'Dinsdag 10:00 tot 12:00'
    await page.locator('footer').getByText(walkIn).waitFor()
    // The About page has its own contact section, with a heading.
    await visit(page, '/over')
    await page
      .locator('main')
      .getByRole('heading', { name: msg('contact.title', {}, lang) })
      .waitFor()
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
    await context.close()
  })

  it('an admin changes the contact and the colour on /beheer; a light colour is refused', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInAsDemoAdmin(page)

    const form = page.getByTestId('admin-settings')
    await form.getByRole('heading', { name: msg('admin.settings.title') }).waitFor()
    const colour = form.getByLabel(msg('admin.settings.colour'), { exact: true })
    await expect.poll(() => colour.inputValue()).toBe(String(original.brand_colour))
    await expectNoAxeViolations(page)

    // Too light: Postgres refuses, the form says why in B1 and keeps what was typed.
    await colour.fill('#ffd700')
    await form.getByRole('button', { name: msg('common.save') }).click()
    await form.getByText(msg('errors.settingsColourContrast')).waitFor()
    expect(await colour.inputValue()).toBe('#ffd700')
    expect((await sql('select brand_colour from public.area_settings'))[0].brand_colour).toBe(
      original.brand_colour,
    )

    // Dark enough, and a new phone number: saved, and the footer shows it at once.
    await colour.fill('#5a2d82')
    await form.getByLabel(msg('contact.phone'), { exact: true }).fill('040 987 65 43')
    await form.getByRole('button', { name: msg('common.save') }).click()
    await page.locator('footer').getByText('040 987 65 43').waitFor()
    expect(await sql('select brand_colour, contact_phone from public.area_settings')).toEqual([
      { brand_colour: '#5a2d82', contact_phone: '040 987 65 43' },
    ])
    // The brand colour reaches the page's style without a new build.
    expect(
      await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--emmer-color-primary').trim(),
      ),
    ).toBe('#5a2d82')
    expect(errors).toEqual([])
    await context.close()
  })
})
