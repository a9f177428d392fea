// A withdrawn idea stays for the team (issues 10.2 and 17.5): in a real Chromium against the local
// stack, the team opens a reported idea whose author withdrew it, after its text was erased, and
// reads the kept text; the author's neighbour finds nothing. SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea } from '../support/users.ts'
import { createResident, msg, openPage, signInWithPassword, visit } from '../support/e2e-pages.ts'

const stamp = randomUUID().slice(0, 6)
const title = `Bel me op 06-12345678 ${stamp}`

describe('the team and a withdrawn, reported idea', () => {
  let browser: Browser
  let ideaId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    const [author, reporter] = await Promise.all([
      createResident('Schrijver'),
      createResident('Melder'),
    ])
    ideaId = await arrangeIdea(author.id, {
      title,
      withdrawn_at: new Date(Date.now() - 31 * 86400_000).toISOString(),
    })
    await sql(
      `insert into public.reports (idea_id, reporter_id, reason) values ($1, $2, 'Er staat een telefoonnummer in.')`,
      [ideaId, reporter.id],
    )
    await sql('select private.erase_withdrawn_ideas()')
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('reads that the author withdrew it, that the text was erased, and the text kept for the report', async () => {
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, 'team@emmer.local')
    await visit(page, `/team/idee/${ideaId}`)
    const banner = page.getByTestId('idea-withdrawn')
    await banner.getByText(msg('moderation.idea.withdrawn')).waitFor()
    expect(await banner.innerText()).toContain(msg('moderation.idea.textErased'))
    // The kept text is read after the idea itself: wait for it rather than reading at once.
    await banner.getByTestId('idea-snapshot').waitFor()
    expect(await banner.innerText()).toContain(title)
    // The idea itself no longer holds the text.
    expect(await sql('select title from public.ideas where id = $1', [ideaId])).toEqual([
      { title: 'Ingetrokken idee' },
    ])
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('denied: a visitor finds no idea there', async () => {
    const { page } = await openPage(browser, { viewport: 'phone' })
    await page.goto(appUrl(`/idee/${ideaId}`))
    await page.getByText(msg('errors.notFound')).first().waitFor()
    expect(await page.getByText(title).count()).toBe(0)
  })
})
