// A session that ends while someone is writing (revoked elsewhere, or expired past renewal)
// asks them to sign in again, and the form they were filling in survives that detour.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  signInWithPassword,
  visit,
  waitForPath,
  SEEDED_THEMES,
} from '../support/e2e-pages.ts'

describe('a session that ends while writing an idea', () => {
  const browser = browserForTests()

  it('asks to sign in again and keeps the form, then posts it once', async () => {
    const { page, errors } = await openPage(browser)
    const resident = await createResident('Sessie')
    await signInWithPassword(page, resident.email)
    const title = `Een bank bij de bushalte ${randomUUID().slice(0, 6)}`
    const body = 'Bij de bushalte staan ouderen lang te wachten. Een bank helpt hen echt.'
    await visit(page, '/nieuw')
    await page.getByLabel(msg('newIdea.titleField'), { exact: true }).fill(title)
    await page.getByLabel(msg('newIdea.body'), { exact: true }).fill(body)

    // The session ends on the server (signed out everywhere), and the access token in this
    // browser runs out, so supabase-js has to renew it, which the server now refuses.
    await sql(
      'delete from auth.sessions where user_id = (select id from auth.users where email = $1)',
      [resident.email],
    )
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (!key.endsWith('-auth-token')) continue
        const stored = JSON.parse(localStorage.getItem(key)!)
        stored.expires_at = Math.floor(Date.now() / 1000) - 60
        localStorage.setItem(key, JSON.stringify(stored))
      }
    })
    await page.reload()

    // Asked to sign in again, calmly; nothing typed is lost.
    const signInLink = page.getByRole('link', { name: msg('newIdea.signInLink') })
    await signInLink.waitFor()
    await expect
      .poll(() => page.getByLabel(msg('newIdea.titleField'), { exact: true }).inputValue())
      .toBe(title)
    expect(await page.getByLabel(msg('newIdea.body'), { exact: true }).inputValue()).toBe(body)
    expect(await page.getByRole('button', { name: msg('newIdea.submit') }).isDisabled()).toBe(true)

    // Sign in again: back on the form, with the text still there.
    await signInLink.click()
    await waitForPath(page, (p) => p === '/inloggen')
    await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(resident.email)
    await page.getByLabel(msg('signIn.password'), { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
    await waitForPath(page, (p) => p === '/nieuw')
    await expect
      .poll(() => page.getByLabel(msg('newIdea.titleField'), { exact: true }).inputValue())
      .toBe(title)

    await page
      .getByLabel(msg('newIdea.neighbourhood'), { exact: true })
      .selectOption({ label: 'Kronehoef' })
    await page
      .getByLabel(msg('newIdea.theme'), { exact: true })
      .selectOption({ label: SEEDED_THEMES['fijne-buurt'] })
    await page.getByRole('button', { name: msg('newIdea.submit') }).click()
    await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
    const rows = await sql<{ n: string }>('select count(*) n from public.ideas where title = $1', [
      title,
    ])
    expect(Number(rows[0].n)).toBe(1)
    expect(errors).toEqual([])
  })
})
