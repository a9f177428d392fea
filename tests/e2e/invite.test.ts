// Inviting a partner contact from /beheer in real Chromium at 360 px: the form asks for the
// organisation first, then the Edge Function records the invitation and Auth sends the mail;
// the page says so in B1 and stays axe-clean.
import { describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { latestMail, sql, uniqueEmail } from '../support/clients.ts'
import { msg, openPage, signInAsDemoAdmin } from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'

describe('inviting a team member on /beheer', () => {
  const browser = browserForTests()

  it('an admin invites a partner contact; the organisation is asked for first', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInAsDemoAdmin(page)

    const form = page.getByTestId('admin-invite')
    const email = uniqueEmail('partner')
    await form.getByLabel(msg('admin.invite.email'), { exact: true }).fill(email)
    await form.getByLabel(msg('admin.invite.role'), { exact: true }).selectOption('partner')
    await form.getByRole('button', { name: msg('admin.invite.submit') }).click()
    await form.getByText(msg('errors.inviteNeedsOrganisation')).waitFor()
    expect(await sql('select 1 from private.team_invitations where email = $1', [email])).toEqual(
      [],
    )
    await expectNoAxeViolations(page)

    await form
      .getByLabel(msg('admin.invite.organisation'), { exact: true })
      .selectOption(SEED.organisations.woonbedrijf)
    await form.getByRole('button', { name: msg('admin.invite.submit') }).click()
    await page.getByTestId('invite-sent').waitFor()
    expect(await page.getByTestId('invite-sent').textContent()).toBe(
      msg('admin.invite.sent', { email }),
    )
    expect(
      await sql('select role, organisation_id from private.team_invitations where email = $1', [
        email,
      ]),
    ).toEqual([{ role: 'partner', organisation_id: SEED.organisations.woonbedrijf }])
    await expect.poll(async () => (await latestMail(email)) !== undefined).toBe(true)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
    await context.close()
  })
})
