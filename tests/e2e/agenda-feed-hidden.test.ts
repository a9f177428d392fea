// A hidden event leaves a partner's open "Mijn buurten" at once, without a reload (issue #16).
// After hiding, RLS keeps the row from the partner, so no change to it reaches their page by
// postgres_changes; the database's `gone` broadcast on `agenda:alle` does, and the feed drops it.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { joined, msg, openPage, signInWithPassword, visit } from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'

describe('"Mijn buurten" and a hidden event', () => {
  const browser = browserForTests()

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
