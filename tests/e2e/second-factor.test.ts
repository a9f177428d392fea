// The second factor in real Chromium: the demo admin signs in with password and the code from the
// documented TOTP secret and reaches the admin page; a new admin without a second factor is
// stopped at the admin page, links an app on Mijn Emmer (QR code, typed secret, first code, the
// recovery codes shown once) and then gets in.
import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations, browserForTests } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  visit,
  waitForPath,
} from '../support/e2e-pages.ts'
import { DEMO_ADMIN, unusedCode } from '../support/mfa.ts'
import type { Page } from 'playwright-core'

async function passwordStep(page: Page, email: string, password = DEMO_PASSWORD, next = '/beheer') {
  await visit(page, `/inloggen?next=${encodeURIComponent(next)}`)
  await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
  await page.getByLabel(msg('signIn.email'), { exact: true }).fill(email)
  await page.getByLabel(msg('signIn.password'), { exact: true }).fill(password)
  await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
}

describe('a second factor for the team', () => {
  const browser = browserForTests()

  it('the demo admin signs in with password and the code from their app and reaches the admin page', async () => {
    const { context, page, errors } = await openPage(browser)
    await passwordStep(page, DEMO_ADMIN.email)
    // Still on the sign-in page: the app asks for the code.
    const code = page.getByLabel(msg('secondFactor.code'), { exact: true })
    await code.waitFor()
    expect(new URL(page.url()).pathname).toBe('/inloggen')
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
    await expectNoAxeViolations(page)
    await code.fill(await unusedCode(DEMO_ADMIN.factorId, DEMO_ADMIN.secret))
    await page.getByRole('button', { name: msg('secondFactor.signInContinue') }).click()
    await waitForPath(page, (p) => p === '/beheer')
    await page.getByRole('heading', { name: msg('admin.people.title') }).waitFor()
    expect(await page.getByTestId('admin-needs-second-factor').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('an admin without a second factor is stopped, links an app, and then gets in', async () => {
    const admin = await createResident('Nieuwe Beheerder')
    await sql(`update public.profiles set role = 'admin' where id = $1`, [admin.id])
    const { context, page, errors } = await openPage(browser)
    await passwordStep(page, admin.email)
    await waitForPath(page, (p) => p === '/beheer')
    const notice = page.getByTestId('admin-needs-second-factor')
    await notice.getByText(msg('secondFactor.adminNotice')).waitFor()
    expect(await page.getByRole('heading', { name: msg('admin.people.title') }).count()).toBe(0)
    await expectNoAxeViolations(page)

    await notice.getByRole('link', { name: msg('secondFactor.adminEnrol') }).click()
    await waitForPath(page, (p) => p === '/mijn')
    await page.getByRole('button', { name: msg('secondFactor.start') }).click()
    const qr = page.getByRole('img', { name: msg('secondFactor.qrAlt') })
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    await expectNoAxeViolations(page)
    // Typed by hand, as someone whose app cannot scan would.
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')
    const [factor] = await sql<{ id: string }>(
      `select id from auth.mfa_factors where user_id = $1 and status = 'unverified'`,
      [admin.id],
    )
    await page
      .getByLabel(msg('secondFactor.code'), { exact: true })
      .fill(await unusedCode(factor.id, secret))
    await page.getByRole('button', { name: msg('secondFactor.check') }).click()
    const codes = page.getByTestId('recovery-codes').locator('li')
    await codes.first().waitFor()
    expect(await codes.count()).toBe(10)
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: msg('secondFactor.recoveryDone') }).click()

    await visit(page, '/beheer')
    await page.getByRole('heading', { name: msg('admin.people.title') }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
