// The home list in real Chromium hears about ideas by broadcast from the database on its buurt
// topic: a visitor sees "Er is 1 nieuw idee." when a neighbour posts one, nothing for a hidden
// idea, and an idea that gets hidden leaves the list at once.
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { joined } from '../support/e2e-pages.ts'
import { SEED, arrangeIdea } from '../support/users.ts'

const ideas: string[] = []
afterAll(async () => {
  if (ideas.length) await sql('delete from public.ideas where id = any($1::uuid[])', [ideas])
})

describe('the home list, live by database broadcast', () => {
  let browser: Browser
  beforeEach(async () => {
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await browser?.close().catch(() => {})
  })

  it('announces a new idea, keeps a hidden one quiet, and drops an idea that gets hidden', async () => {
    const shown = await arrangeIdea(SEED.users.bewoner, { title: 'Een boom op het plein' })
    ideas.push(shown)
    const context = await browser.newContext({ locale: 'nl-NL' })
    const page = await context.newPage()
    const live = joined(page, 'buurt:alle')
    await page.goto(appUrl(`/?q=${encodeURIComponent('Een boom op het plein')}`))
    const card = page.locator('article').filter({ hasText: 'Een boom op het plein' })
    await card.waitFor()
    await live

    ideas.push(
      await arrangeIdea(SEED.users.buurvrouw, {
        title: 'Verborgen voor iedereen',
        hidden_at: new Date().toISOString(),
        hidden_reason: 'spam',
      }),
    )
    ideas.push(await arrangeIdea(SEED.users.buurvrouw, { title: 'Een moestuin voor de school' }))
    await page.locator('main').getByText('Er is 1 nieuw idee.').waitFor()

    await sql(`update public.ideas set hidden_at = now(), hidden_reason = 'spam' where id = $1`, [
      shown,
    ])
    await card.waitFor({ state: 'detached' })
    expect(await page.getByText('Er zijn 2 nieuwe ideeën.').count()).toBe(0)
    await page.getByTestId('announcer').filter({ hasText: 'Er is 1 nieuw idee.' }).waitFor()
    await context.close()
  })
})
