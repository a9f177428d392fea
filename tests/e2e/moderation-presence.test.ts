// Two people of the team on the same idea: each page says who else has it open ("… kijkt ook
// naar dit idee"), read out politely, and the line goes when the other leaves. Team presence runs
// on a private Realtime channel that RLS on realtime.messages opens to moderators and admins only
// (tests/stack/realtime-policies.test.ts tries the refusals).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appUrl, expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { demoAdminSession } from '../support/mfa.ts'
import { SEED, arrangeIdea } from '../support/users.ts'

const storageKey = () => `sb-${new URL(stackInfo().apiUrl).hostname.split('.')[0]}-auth-token`

async function moderatorSession() {
  const { data, error } = await anonClient().auth.signInWithPassword({
    email: 'team@emmer.local',
    password: 'emmer-demo-2026',
  })
  if (error || !data.session) throw error ?? new Error('no session')
  return data.session
}

async function contextWith(browser: Browser, session: unknown): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'nl-NL' })
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value)
    },
    [storageKey(), JSON.stringify(session)] as const,
  )
  return context
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(appUrl(path))
  await page.locator('main h1').first().waitFor()
  return page
}

const ideas: string[] = []
afterAll(async () => {
  if (ideas.length) await sql('delete from public.ideas where id = any($1::uuid[])', [ideas])
})

describe('who else on the team has an idea open', () => {
  let browser: Browser
  beforeEach(async () => {
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await browser?.close().catch(() => {})
  })

  it('shows each of two team members the other, and drops the line when one leaves', async () => {
    // A fresh idea, so that no other test's team page is on the same channel.
    const id = await arrangeIdea(SEED.users.bewoner, { title: 'Een bankje bij de speeltuin' })
    ideas.push(id)
    const path = `/team/idee/${id}`
    const moderator = await contextWith(browser, await moderatorSession())
    const admin = await contextWith(browser, (await demoAdminSession()).session)

    const first = await open(moderator, path)
    const line = first.getByTestId('team-also-looking')
    expect(await line.count()).toBe(0)

    const second = await open(admin, path)
    await second
      .getByTestId('team-also-looking')
      .filter({ hasText: 'Team Pact Woensel-Zuid kijkt ook naar dit idee.' })
      .waitFor()
    await line.filter({ hasText: 'Beheer Emmer kijkt ook naar dit idee.' }).waitFor()
    // Read out politely: the page's live region says it too.
    await first
      .getByTestId('announcer')
      .filter({ hasText: 'Beheer Emmer kijkt ook naar dit idee.' })
      .waitFor()
    await expectNoAxeViolations(first)

    await second.close()
    await line.waitFor({ state: 'detached' })
  })
})
