// A visitor (not signed in) browses the home list: filters by wijk and buurt, theme, kind and
// status, sorts, and searches in Dutch. Every list shown is checked against what the database
// holds for the same question, on a phone and on a desktop.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea, SEED } from '../support/users.ts'
import {
  listSettled,
  msg,
  openPage,
  openFilters,
  shownTitles,
  visit,
  type ViewportName,
  SEEDED_THEMES,
} from '../support/e2e-pages.ts'

const PAGE = 20

interface Where {
  district?: string
  neighbourhoodId?: string
  themeId?: string
  kind?: string
  status?: string
  /** A search: an idea matches when any of these Dutch word forms matches it. */
  q?: string[]
  sort?: 'newest' | 'votes' | 'comments'
}

/** What a visitor may see for these filters, in the app's order: the database's answer. */
async function expectedTitles(where: Where): Promise<string[]> {
  const order =
    where.sort === 'votes'
      ? 'i.vote_count desc,'
      : where.sort === 'comments'
        ? 'i.comment_count desc,'
        : ''
  const rows = await sql<{ title: string }>(
    `select i.title from public.ideas i join public.neighbourhoods n on n.id = i.neighbourhood_id
      where i.hidden_at is null
        and ($1::text is null or n.district = $1)
        and ($2::uuid is null or i.neighbourhood_id = $2)
        and ($3::uuid is null or i.theme_id = $3)
        and ($4::text is null or i.kind::text = $4)
        and ($5::text is null or i.status::text = $5)
        and ($6::text[] is null or exists (
              select 1 from unnest($6::text[]) f where i.search @@ plainto_tsquery('dutch', f)))
      order by ${order} i.created_at desc, i.id
      limit ${PAGE}`,
    [
      where.district ?? null,
      where.neighbourhoodId ?? null,
      where.themeId ?? null,
      where.kind ?? null,
      where.status ?? null,
      where.q ?? null,
    ],
  )
  return rows.map((r) => r.title)
}

/** Runs a UI action that reloads the list and waits for the new list to be shown. */
async function reloadsList(page: Page, action: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse(
    // The list reads idea_cards, or searchable_idea_cards when it searches (src/api/ideas.ts).
    (r) => /\/rest\/v1\/(searchable_)?idea_cards\?/.test(r.url()) && r.request().method() === 'GET',
  )
  await action()
  await response
  await listSettled(page)
}

async function expectList(page: Page, where: Where): Promise<string[]> {
  const expected = await expectedTitles(where)
  await expect.poll(() => shownTitles(page), { timeout: 10_000 }).toEqual(expected)
  if (expected.length === 0) {
    expect(await page.getByText(msg('ideas.empty')).isVisible()).toBe(true)
  }
  return expected
}

describe.each(['phone', 'desktop'] as ViewportName[])(
  'a visitor browses the ideas (%s)',
  (viewport) => {
    let browser: Browser
    let page: Page
    let errors: string[]

    beforeAll(async () => {
      // An idea with the singular "bankje", so a search for "bankjes" must find it by its stem.
      const marker = viewport === 'phone' ? 'Hoogstraat' : 'Boschdijk'
      await arrangeIdea(SEED.users.buurvrouw, {
        title: `Een bankje bij de bushalte ${marker}`,
        body: 'Bij de bushalte staan ouderen lang te wachten. Een zitplek zou helpen.',
        neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
        theme_id: SEED.themes.fijneBuurt,
      })
      browser = await launchBrowser()
      ;({ page, errors } = await openPage(browser, { viewport }))
      await visit(page, '/')
      await listSettled(page)
      await openFilters(page)
    })
    afterAll(async () => {
      await browser?.close()
    })

    it('shows the newest visible ideas first, as the database has them', async () => {
      const titles = await expectList(page, {})
      expect(titles.length).toBeGreaterThan(5)
      const hidden = await sql<{ title: string }>(
        'select title from public.ideas where hidden_at is not null',
      )
      for (const { title } of hidden) expect(titles).not.toContain(title)
    })

    it('filters by a whole wijk, then by one buurt', async () => {
      const place = page.getByLabel(msg('filters.neighbourhood'), { exact: true })
      await reloadsList(page, () =>
        place.selectOption({ label: msg('filters.district', { name: 'Oud-Woensel' }) }),
      )
      const wijk = await expectList(page, { district: 'Oud-Woensel' })
      expect(wijk.length).toBeGreaterThan(0)

      await reloadsList(page, () => place.selectOption({ label: 'Limbeek-Noord' }))
      const buurt = await expectList(page, { neighbourhoodId: SEED.neighbourhoods.limbeekNoord })
      expect(buurt.length).toBeGreaterThan(0)
      expect(buurt.length).toBeLessThanOrEqual(wijk.length)
      // Each card names its buurt.
      const metas = await page.locator('main .card-list .idea-card__meta').allInnerTexts()
      for (const meta of metas) expect(meta).toContain('Limbeek-Noord')
    })

    it('narrows by theme and kind on top of the buurt', async () => {
      await reloadsList(page, () =>
        page
          .getByLabel(msg('filters.theme'), { exact: true })
          .selectOption({ label: SEEDED_THEMES['fijne-buurt'] }),
      )
      await expectList(page, {
        neighbourhoodId: SEED.neighbourhoods.limbeekNoord,
        themeId: SEED.themes.fijneBuurt,
      })

      await reloadsList(page, () =>
        page
          .getByLabel(msg('filters.kind'), { exact: true })
          .selectOption({ label: msg('kind.idea') }),
      )
      await expectList(page, {
        neighbourhoodId: SEED.neighbourhoods.limbeekNoord,
        themeId: SEED.themes.fijneBuurt,
        kind: 'idea',
      })
    })

    it('clears the filters and filters by what happens to an idea (status)', async () => {
      await reloadsList(page, () =>
        page.getByRole('button', { name: msg('filters.reset') }).click(),
      )
      await expectList(page, {})

      const [{ status }] = await sql<{ status: string }>(
        `select status::text from public.ideas where hidden_at is null and status <> 'new'
        group by status order by count(*) desc limit 1`,
      )
      await reloadsList(page, () =>
        page
          .getByLabel(msg('filters.status'), { exact: true })
          .selectOption({ label: msg(`status.${status}.name`) }),
      )
      const titles = await expectList(page, { status })
      expect(titles.length).toBeGreaterThan(0)
      const badges = await page.locator('main .card-list .idea-card__meta').allInnerTexts()
      for (const meta of badges) expect(meta).toContain(msg(`status.${status}.name`))

      await reloadsList(page, () =>
        page.getByRole('button', { name: msg('filters.reset') }).click(),
      )
    })

    it('sorts by most votes and by most comments', async () => {
      const sort = page.getByLabel(msg('filters.sort'), { exact: true })
      await reloadsList(page, () => sort.selectOption({ label: msg('sort.votes') }))
      await expectList(page, { sort: 'votes' })
      const votes = await page.locator('main .card-list [data-testid="vote-count"]').allInnerTexts()
      const counts = votes.map((v) => Number(/\d+/.exec(v)?.[0] ?? 0))
      expect(counts).toEqual([...counts].sort((a, b) => b - a))

      await reloadsList(page, () => sort.selectOption({ label: msg('sort.comments') }))
      await expectList(page, { sort: 'comments' })

      await reloadsList(page, () => sort.selectOption({ label: msg('sort.newest') }))
      await expectList(page, {})
    })

    it('keeps the filters in the address, so a reload or a shared link shows the same list', async () => {
      await reloadsList(page, () =>
        page
          .getByLabel(msg('filters.neighbourhood'), { exact: true })
          .selectOption({ label: 'Limbeek-Noord' }),
      )
      await reloadsList(page, () =>
        page
          .getByLabel(msg('filters.theme'), { exact: true })
          .selectOption({ label: SEEDED_THEMES['fijne-buurt'] }),
      )
      const where = {
        neighbourhoodId: SEED.neighbourhoods.limbeekNoord,
        themeId: SEED.themes.fijneBuurt,
      }
      const before = await expectList(page, where)
      await expect.poll(() => new URL(page.url()).search).not.toBe('')
      await page.reload()
      await listSettled(page)
      expect(await expectList(page, where)).toEqual(before)
      await openFilters(page)
      expect(
        await page.getByLabel(msg('filters.neighbourhood'), { exact: true }).inputValue(),
      ).toBe(`n:${SEED.neighbourhoods.limbeekNoord}`)
      await reloadsList(page, () =>
        page.getByRole('button', { name: msg('filters.reset') }).click(),
      )
      await expectList(page, {})
    })

    it('searches in Dutch: "bankjes" also finds an idea about one "bankje"', async () => {
      const search = page.getByRole('searchbox', { name: msg('filters.search') })
      await search.fill('bankjes')
      await reloadsList(page, () =>
        page.getByRole('button', { name: msg('filters.searchButton'), exact: true }).click(),
      )
      const titles = await expectList(page, { q: ['bankjes', 'bankje'] })
      expect(titles.some((t) => /\bbankje\b/i.test(t))).toBe(true)
      expect(titles.some((t) => /\bbankjes\b/i.test(t))).toBe(true)

      // A search with no hits says so, in plain words.
      await search.fill('zwembadglijbaan')
      await reloadsList(page, () => search.press('Enter'))
      await expectList(page, { q: ['zwembadglijbaan'] })
      expect(errors).toEqual([])
    })
  },
)
