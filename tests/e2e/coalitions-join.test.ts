// A resident joins a coalition from the coalitions page and leaves it again, in a real Chromium
// against the local stack: the sign-in link brings them back to the page, the count follows each
// step, leaving asks first, and the database holds exactly what the page says.
import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  DEMO_PASSWORD,
  createResident,
  msg,
  plural,
  openPage,
  until,
  visit,
  waitForPath,
  type Opened,
} from '../support/e2e-pages.ts'

describe('a resident joins a coalition and leaves it again', () => {
  let browser: Browser
  let me: Opened
  const coalitionId = randomUUID()
  const name = `Speeltuin Limbeek ${coalitionId.slice(0, 6)}`
  let resident: { email: string; id: string }

  const card = () => me.page.locator(`li[data-coalition="${coalitionId}"]`)
  const count = (residents: number, partners: number) =>
    msg('coalitions.members', {
      residents: plural('coalitions.residentCount', residents),
      partners: plural('coalitions.partnerCount', partners),
    })
  const membership = async () =>
    sql<{ member_kind: string }>(
      'select member_kind from public.coalition_members where coalition_id = $1 and profile_id = $2',
      [coalitionId, resident.id],
    )

  beforeAll(async () => {
    // A coalition of its own with one resident already in it, so no other test moves the count.
    const neighbour = await createResident('Buur Meedoen')
    resident = await createResident('Sanne Meedoen')
    await sql(`insert into public.coalitions (id, name, description) values ($1, $2, $3)`, [
      coalitionId,
      name,
      'Buren knappen samen de speeltuin op.',
    ])
    await sql(
      `insert into public.coalition_members (coalition_id, profile_id, member_kind) values ($1, $2, 'resident')`,
      [coalitionId, neighbour.id],
    )
    browser = await launchBrowser()
    me = await openPage(browser, { viewport: 'phone' })
  })
  afterAll(async () => {
    await browser?.close()
    await sql('delete from public.coalitions where id = $1', [coalitionId])
  })

  it('a visitor follows the sign-in link and comes back to the coalitions page', async () => {
    const { page } = me
    await visit(page, '/coalities')
    await card().getByText(count(1, 0)).waitFor()
    expect(await card().getByRole('button').count()).toBe(0)
    await card()
      .getByRole('link', { name: msg('coalitions.signIn') })
      .click()
    await waitForPath(page, (p) => p === '/inloggen')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/coalities')

    await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(resident.email)
    await page.getByLabel(msg('signIn.password'), { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
    await waitForPath(page, (p) => p === '/coalities')
  })

  it('joins with "Doe mee": the count goes up and the database holds a resident membership', async () => {
    const { page } = me
    const join = card().getByRole('button', { name: `${msg('coalitions.join')} ${name}` })
    await join.click()
    await card().getByText(msg('coalitions.youAreIn')).waitFor()
    await card().getByText(count(2, 0)).waitFor()
    expect(await membership()).toEqual([{ member_kind: 'resident' }])
    // The keyboard stays in place: the focus is on the button that replaced "Doe mee".
    await until(
      async () =>
        (await page.evaluate(() => document.activeElement?.textContent ?? '')).includes(
          msg('coalitions.leave'),
        ),
      'focus on "Stop met meedoen"',
    )
    await expectNoAxeViolations(page)
  })

  it('leaves after confirming: the count goes down and the membership is gone', async () => {
    const { page } = me
    await card()
      .getByRole('button', { name: `${msg('coalitions.leave')} ${name}` })
      .click()
    const question = card().getByRole('group', {
      name: msg('coalitions.leaveQuestion', { name }),
    })
    await question.waitFor()
    // Asking is not leaving.
    expect(await membership()).toHaveLength(1)
    await expectNoAxeViolations(page)
    await question.getByRole('button', { name: msg('coalitions.leaveConfirm') }).click()
    await card()
      .getByRole('button', { name: `${msg('coalitions.join')} ${name}` })
      .waitFor()
    await card().getByText(count(1, 0)).waitFor()
    expect(await membership()).toEqual([])

    // After a reload the page still says so: it came from the database, not from the page.
    await visit(page, '/coalities')
    await card().getByText(count(1, 0)).waitFor()
    expect(await card().getByText(msg('coalitions.youAreIn')).count()).toBe(0)
    expect(me.errors).toEqual([])
  })
})
