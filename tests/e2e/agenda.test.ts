// The agenda in a real Chromium against the local stack: a visitor finds what is coming up, a
// resident presses "Ik kom" for a visit to an initiative and only then sees its exact address,
// and gives the place back again. Axe-clean at 360 px in Dutch and in Arabic (right to left).
import { describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  plural,
  signInWithPassword,
  visit,
} from '../support/e2e-pages.ts'

/** The demo visit to the repair café (supabase/seed/demo.sql): 6 places, an address. */
const VISIT = '70000000-0000-4000-8000-000000000001'
const VISIT_TITLE = 'Kom langs bij het repair café'

describe('the agenda', () => {
  const browser = browserForTests()

  it('a visitor on a phone sees what is coming up; a visit keeps its exact address private', async () => {
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await visit(page, '/agenda')
    await page.getByRole('link', { name: VISIT_TITLE }).waitFor()
    await page.getByRole('link', { name: 'Koffie: van initiatief naar initiatief' }).waitFor()
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: VISIT_TITLE }).click()
    await page.getByRole('heading', { level: 1, name: VISIT_TITLE }).waitFor()
    await page.getByText(msg('agenda.addressLater')).waitFor()
    expect(await page.getByTestId('event-address').count()).toBe(0)
    await page.getByRole('link', { name: msg('agenda.signInToCome') }).waitFor()
    expect(await page.content()).not.toContain('Celebesstraat 40')
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('a resident presses "Ik kom", gets a place and the address, and gives it back', async () => {
    const resident = await createResident('Agenda Bewoner')
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, resident.email)
    await visit(page, `/agenda/${VISIT}`)
    const [{ attending_count: before }] = await sql<{ attending_count: number }>(
      'select attending_count from public.events where id = $1',
      [VISIT],
    )
    await page.getByTestId('signup-status').getByText(msg('agenda.notYet')).waitFor()

    await page.getByRole('button', { name: msg('agenda.join'), exact: true }).click()
    await page.getByTestId('signup-status').getByText(msg('agenda.youAreComing')).waitFor()
    await page.getByTestId('event-address').getByText('Celebesstraat 40').waitFor()
    await page.getByText(plural('agenda.placesLeft', 6 - (before + 1))).waitFor()
    expect(
      await sql('select status from public.event_signups where event_id = $1 and user_id = $2', [
        VISIT,
        resident.id,
      ]),
    ).toEqual([{ status: 'attending' }])
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: msg('agenda.leave') }).click()
    await page.getByRole('button', { name: msg('agenda.join'), exact: true }).waitFor()
    expect(await page.getByTestId('event-address').count()).toBe(0)
    expect(
      await sql('select status from public.event_signups where event_id = $1 and user_id = $2', [
        VISIT,
        resident.id,
      ]),
    ).toEqual([{ status: 'cancelled' }])
    expect(errors).toEqual([])
  })

  it('reads right to left in Arabic and stays axe-clean at 360 px', async () => {
    const { page, errors } = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await visit(page, '/agenda')
    await page.getByRole('heading', { level: 1, name: msg('agenda.title', {}, 'ar') }).waitFor()
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    await page
      .getByText(msg('agenda.kind.visit', {}, 'ar'))
      .first()
      .waitFor()
    await expectNoAxeViolations(page)
    await visit(page, `/agenda/${VISIT}`)
    await page.getByText(msg('agenda.addressLater', {}, 'ar')).waitFor()
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })
})
