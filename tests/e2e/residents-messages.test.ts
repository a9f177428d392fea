// A resident's berichten on My page, in a real Chromium against the local stack: each message
// names its idea and what now happens with it; opening one marks only that one read; "Alles
// gelezen" still marks the rest; and a resident (not only a partner) chooses the e-mail digest
// in their settings. The database is checked after each step; SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser } from '../support/users.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
  waitForPath,
  type Opened,
} from '../support/e2e-pages.ts'

const stamp = randomUUID().slice(0, 6)
const titles = { first: `Bloembakken in de straat ${stamp}`, second: `Een bankje ${stamp}` }

describe('a resident reads their berichten and chooses the digest', () => {
  let browser: Browser
  let me: Opened
  let residentId = ''
  const ideas = { first: '', second: '' }

  /** The resident's status_update notification about an idea, as stored. */
  async function stored(ideaId: string) {
    const [row] = await sql<{ read_at: Date | null }>(
      `select read_at from public.notifications
        where user_id = $1 and idea_id = $2 and kind = 'status_update'`,
      [residentId, ideaId],
    )
    return row
  }

  function message(title: string): Locator {
    return me.page.getByTestId('notification').filter({ hasText: title })
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    const resident = await createResident('Berichtlezer')
    residentId = resident.id
    const moderator = await createUser({ role: 'moderator' })
    // The author follows their own idea, so the team's answers reach them as berichten.
    ideas.first = await arrangeIdea(residentId, { title: titles.first })
    ideas.second = await arrangeIdea(residentId, { title: titles.second })
    for (const [id, status] of [
      [ideas.first, 'in_progress'],
      [ideas.second, 'in_review'],
    ]) {
      const { error } = await moderator.client.rpc('set_idea_status', {
        idea_id: id,
        status,
        message: 'Dank je wel. We bekijken dit met de buurt en laten weten hoe het gaat.',
      })
      expect(error).toBeNull()
    }
    me = await openPage(browser)
    await signInWithPassword(me.page, resident.email)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('names the idea of each message and what now happens with it', async () => {
    await visit(me.page, '/mijn')
    const first = message(titles.first)
    await first
      .getByRole('link', { name: `${msg('notification.status')}: ${titles.first}` })
      .waitFor()
    await first
      .getByText(msg('notification.newStatus', { status: msg('status.in_progress.name') }), {
        exact: true,
      })
      .waitFor()
    const second = message(titles.second)
    await second
      .getByText(msg('notification.newStatus', { status: msg('status.in_review.name') }))
      .waitFor()
    await first.getByText(msg('my.unreadMark')).waitFor()
    await second.getByText(msg('my.unreadMark')).waitFor()
    await expectNoAxeViolations(me.page)
  })

  it('opens the idea from a message and marks only that message read', async () => {
    const { page } = me
    await message(titles.first).getByRole('link').click()
    await waitForPath(page, (p) => p === `/idee/${ideas.first}`)
    await until(async () => (await stored(ideas.first)).read_at !== null, 'first message read')
    expect((await stored(ideas.second)).read_at).toBeNull()

    await visit(page, '/mijn')
    await message(titles.second).getByText(msg('my.unreadMark')).waitFor()
    expect(await message(titles.first).getByText(msg('my.unreadMark')).count()).toBe(0)
  })

  it('still marks all read at once', async () => {
    await me.page.getByRole('button', { name: msg('my.readAll') }).click()
    await until(async () => (await stored(ideas.second)).read_at !== null, 'all messages read')
    await me.page.getByRole('button', { name: msg('my.readAll') }).waitFor({ state: 'detached' })
  })

  it('chooses a weekly digest in the settings on My page', async () => {
    const { page } = me
    const settings = page.getByRole('region', { name: msg('my.settings') })
    const digest = settings.getByRole('group', { name: msg('my.digest.title') })
    await digest.getByLabel(msg('my.digest.weekly')).check()
    await settings
      .getByRole('button', { name: `${msg('common.save')} ${msg('my.digest.title')}` })
      .click()
    await until(async () => {
      const [row] = await sql<{ frequency: string }>(
        'select frequency from public.digest_settings where user_id = $1',
        [residentId],
      )
      return row?.frequency === 'weekly'
    }, 'the digest setting stored')
    // It comes back after a reload.
    await visit(page, '/mijn')
    const again = page
      .getByRole('group', { name: msg('my.digest.title') })
      .getByLabel(msg('my.digest.weekly'))
    await until(async () => await again.isChecked(), 'weekly is checked after a reload')
    expect(me.errors).toEqual([])
  })
})
