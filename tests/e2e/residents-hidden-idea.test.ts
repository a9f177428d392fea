// When the team hides an idea, its author finds out on My page and reads why on the idea, in a
// real Chromium against the local stack; a neighbour finds the idea gone, as if it never was.
import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { arrangeIdea, createUser } from '../support/users.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  visit,
  waitForPath,
} from '../support/e2e-pages.ts'

const title = `Een idee met een adres erin ${randomUUID().slice(0, 6)}`
const reason = 'Er stond een huisadres in de tekst.'

describe('the author of a hidden idea', () => {
  let browser: Browser
  let ideaId = ''
  let mergedId = ''
  let authorEmail = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    const author = await createResident('Schrijver')
    authorEmail = author.email
    ideaId = await arrangeIdea(author.id, { title })
    // A look-alike idea the team merged into it before hiding it.
    mergedId = await arrangeIdea(null, { title: `Lijkt erop ${randomUUID().slice(0, 6)}` })
    const moderator = await createUser({ role: 'moderator' })
    const merge = await moderator.client.rpc('merge_idea', {
      duplicate: mergedId,
      original: ideaId,
      message: 'Er was al een idee dat hierop lijkt. We gaan daar samen verder.',
    })
    expect(merge.error).toBeNull()
    const { error } = await moderator.client.rpc('hide_idea', { idea_id: ideaId, reason })
    expect(error).toBeNull()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('gets a bericht on My page that leads to the idea with the reason', async () => {
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, authorEmail)
    await visit(page, '/mijn')
    const note = page.getByTestId('notification').filter({ hasText: title })
    await note.getByText(msg('notification.ideaHidden')).waitFor()
    await note.getByRole('link').first().click()
    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    const banner = page.getByTestId('idea-hidden')
    await banner.getByText(msg('idea.hiddenNotice')).waitFor()
    expect(await banner.innerText()).toContain(msg('idea.hiddenReason', { reason }))
    expect(await banner.innerText()).toContain(msg('idea.hiddenHelp'))
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('denied: a neighbour finds no idea there', async () => {
    const { page } = await openPage(browser, { viewport: 'phone' })
    await page.goto(appUrl(`/idee/${ideaId}`))
    await page.getByText(msg('errors.notFound')).first().waitFor()
    expect(await page.getByText(title).count()).toBe(0)
    expect(await page.getByTestId('idea-hidden').count()).toBe(0)
  })

  it('denied: the idea merged into it says calmly that the other idea cannot be seen, without a link', async () => {
    const { page, errors } = await openPage(browser)
    await visit(page, `/idee/${mergedId}`)
    await page.getByTestId('idea-merged-unseen').getByText(msg('idea.mergedIntoUnseen')).waitFor()
    expect(await page.getByRole('link', { name: msg('idea.mergedLink') }).count()).toBe(0)
    expect(await page.content()).not.toContain(ideaId)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('its author still finds the way from the merged idea to their own', async () => {
    const { page } = await openPage(browser)
    await signInWithPassword(page, authorEmail)
    await visit(page, `/idee/${mergedId}`)
    await page.getByRole('link', { name: msg('idea.mergedLink') }).click()
    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    await page.getByTestId('idea-hidden').waitFor()
  })
})
