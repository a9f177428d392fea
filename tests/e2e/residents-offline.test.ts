// A network failure never loses what a resident typed, and a retry never stores an idea twice.
// The failure is injected at the network edge (requests to /rest/v1 are aborted in Chromium);
// the stack itself is real and untouched.
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { SEED } from '../support/users.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  visit,
  waitForPath,
  type Opened,
  SEEDED_THEMES,
} from '../support/e2e-pages.ts'

async function fillIdea(page: Page, title: string, body: string) {
  await visit(page, '/nieuw')
  await page.getByLabel(msg('newIdea.titleField'), { exact: true }).fill(title)
  await page.getByLabel(msg('newIdea.body'), { exact: true }).fill(body)
  await page
    .getByLabel(msg('newIdea.neighbourhood'), { exact: true })
    .selectOption({ label: 'Limbeek-Noord' })
  await page
    .getByLabel(msg('newIdea.theme'), { exact: true })
    .selectOption({ label: SEEDED_THEMES['veiligheid'] })
}

async function storedCount(title: string): Promise<number> {
  const [{ n }] = await sql<{ n: string }>('select count(*) n from public.ideas where title = $1', [
    title,
  ])
  return Number(n)
}

describe.each(['phone', 'desktop'] as const)(
  'posting an idea while the network fails (%s)',
  (viewport) => {
    const browser = browserForTests()
    let me: Opened
    let resident: { email: string; id: string }

    beforeAll(async () => {
      me = await openPage(browser, { viewport })
      resident = await createResident('Offline')
      await signInWithPassword(me.page, resident.email)
    })

    it('keeps the text, says so calmly, and stores it once when the network is back', async () => {
      const { page } = me
      const title = `Licht in de tunnel ${randomUUID().slice(0, 6)}`
      const body =
        "In de tunnel onder het spoor is het 's avonds donker. Meer licht voelt veiliger."
      await fillIdea(page, title, body)

      await page.route('**/rest/v1/**', (route) => route.abort())
      await page.getByRole('button', { name: msg('newIdea.submit') }).click()
      const alert = page.locator('.utrecht-alert', { hasText: msg('errors.offline') })
      await alert.waitFor()
      await alert.getByText(msg('newIdea.retryHelp')).waitFor()
      expect(new URL(page.url()).pathname).toBe('/nieuw')
      expect(await page.getByLabel(msg('newIdea.titleField'), { exact: true }).inputValue()).toBe(
        title,
      )
      expect(await page.getByLabel(msg('newIdea.body'), { exact: true }).inputValue()).toBe(body)
      expect(await storedCount(title)).toBe(0)

      // Still offline: trying again fails the same calm way and loses nothing.
      const retry = page.getByRole('button', { name: msg('common.retry') })
      await retry.click()
      await alert.waitFor()
      expect(await page.getByLabel(msg('newIdea.body'), { exact: true }).inputValue()).toBe(body)

      await page.unroute('**/rest/v1/**')
      await retry.click()
      await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
      await page.getByRole('heading', { level: 1, name: msg('posted.title') }).waitFor()
      const id = new URL(page.url()).pathname.split('/').pop()
      const rows = await sql<{ id: string; author_id: string; theme_id: string }>(
        'select id, author_id, theme_id from public.ideas where title = $1',
        [title],
      )
      expect(rows).toEqual([{ id, author_id: resident.id, theme_id: SEED.themes.veiligheid }])
    })

    it('stores an idea once when the first answer was lost after the database saved it', async () => {
      const { page } = me
      const title = `Drempels in de Kastanjelaan ${randomUUID().slice(0, 6)}`
      const body =
        'Auto’s rijden hier veel te hard. Kinderen steken over naar school. Drempels helpen.'
      await fillIdea(page, title, body)

      // The request reaches the stack, but the answer never reaches the browser.
      await page.route('**/rest/v1/rpc/submit_idea', async (route) => {
        await route.fetch()
        await route.abort()
      })
      await page.getByRole('button', { name: msg('newIdea.submit') }).click()
      await page.locator('.utrecht-alert', { hasText: msg('errors.offline') }).waitFor()
      expect(await storedCount(title)).toBe(1)
      expect(await page.getByLabel(msg('newIdea.titleField'), { exact: true }).inputValue()).toBe(
        title,
      )

      await page.unroute('**/rest/v1/rpc/submit_idea')
      await page.getByRole('button', { name: msg('common.retry') }).click()
      await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
      expect(await storedCount(title)).toBe(1)
      expect(me.errors).toEqual([])
    })
  },
)
