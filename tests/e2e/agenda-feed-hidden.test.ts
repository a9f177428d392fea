// A hidden event leaves a partner's open "Mijn buurten" at once, without a reload (issue #16).
// After hiding, RLS keeps the row from the partner, so no change to it reaches their page by
// postgres_changes; the database's `gone` broadcast on `agenda:alle` does, and the feed drops it.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { msg, openPage, signInWithPassword, visit } from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'

/** Resolves when the page's realtime socket has joined `topic` (the join's ok reply). */
function joined(page: Page, topic: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${topic} not joined in time`)), timeoutMs)
    const joins = new Set<string>()
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string') return
        const f = JSON.parse(payload) as unknown[]
        if (Array.isArray(f) && f[2] === `realtime:${topic}` && f[3] === 'phx_join')
          joins.add(String(f[1]))
      })
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') return
        const f = JSON.parse(payload) as unknown[]
        const body = f[4] as { status?: string } | undefined
        if (Array.isArray(f) && joins.has(String(f[1])) && body?.status === 'ok') {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  })
}

describe('"Mijn buurten" and a hidden event', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('the event the team hides leaves the partner’s open feed live; the others stay', async () => {
    const buurt = SEED.neighbourhoods.woenselWest
    await sql(
      `insert into public.follows (user_id, neighbourhood_id) values ($1, $2)
       on conflict on constraint follows_user_neighbourhood_key do nothing`,
      [SEED.users.partner, buurt],
    )
    const [hidden, kept] = [randomUUID(), randomUUID()]
    const titles = {
      hidden: `Verkoopavond ${hidden.slice(0, 6)}`,
      kept: `Buurtwandeling ${kept.slice(0, 6)}`,
    }
    for (const [id, title] of [
      [hidden, titles.hidden],
      [kept, titles.kept],
    ]) {
      await sql(
        `insert into public.events (id, title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
         values ($1, $2, 'Een activiteit in de buurt om samen iets te doen.',
                 now() + interval '4 days', now() + interval '4 days 2 hours', 'Bij de kerk', $3, $4)`,
        [id, title, buurt, SEED.users.team],
      )
    }

    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, 'partner@emmer.local')
    const live = joined(page, 'agenda:alle')
    await visit(page, '/mijn-buurten')
    const feed = page.getByTestId('feed')
    const item = (title: string) => feed.getByRole('listitem').filter({ hasText: title })
    await item(titles.hidden).waitFor()
    await item(titles.kept).waitFor()
    await live
    const requests: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/rest/v1/rpc/neighbourhood_feed')) requests.push(r.url())
    })

    await sql(
      `update public.events set hidden_at = now(), hidden_reason = 'Reclame', hidden_by = $2
        where id = $1`,
      [hidden, SEED.users.team],
    )
    await item(titles.hidden).waitFor({ state: 'detached' })
    expect(await item(titles.kept).count()).toBe(1)
    // Live, not by reading the feed again.
    expect(requests).toEqual([])
    expect(
      await page.getByText(msg('partner.feed.kind.event'), { exact: true }).count(),
    ).toBeGreaterThan(0)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })
})
