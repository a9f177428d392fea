// The map: a visitor opens the home page's map view and reaches ideas with a location by keyboard;
// the filters live in the URL; a resident picks a place for a new idea and follows a buurt. PDOK
// is blocked in every test (there is no network here, and the app must stay usable without it).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea, SEED } from '../support/users.ts'
import {
  DEMO,
  msg,
  openFilters,
  openPage,
  signInWithPassword,
  visit,
} from '../support/e2e-pages.ts'

const RUN = Date.now().toString(36)
const IN_LIMBEEK = `Kaarttest: bloembakken bij de school ${RUN}`
const IN_WOENSEL_WEST = `Kaarttest: een zebrapad ${RUN}`
const WITHOUT_PLACE = `Kaarttest: zonder plek ${RUN}`

/** A context where PDOK cannot be reached, with every request to another host recorded. */
async function openOffline(browser: Browser, opts: Parameters<typeof openPage>[1] = {}) {
  const opened = await openPage(browser, opts)
  const foreign: string[] = []
  await opened.context.route('https://service.pdok.nl/**', (r) => r.abort())
  opened.page.on('request', (r) => {
    const host = new URL(r.url()).hostname
    if (host !== '127.0.0.1' && host !== 'localhost' && !r.url().startsWith('data:'))
      foreign.push(host)
  })
  return { ...opened, foreign }
}

const pins = (page: Page) => page.locator('[data-testid="ideas-map"] a.ideas-map__pin')

describe('the ideas map', () => {
  let browser: Browser
  const contexts: BrowserContext[] = []
  let limbeekId: string

  beforeAll(async () => {
    limbeekId = await arrangeIdea(SEED.users.buurvrouw, {
      title: IN_LIMBEEK,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
      lat: 51.4536,
      lng: 5.4712,
    })
    await arrangeIdea(SEED.users.buurvrouw, {
      title: IN_WOENSEL_WEST,
      neighbourhood_id: SEED.neighbourhoods.woenselWest,
      lat: 51.4601,
      lng: 5.4598,
    })
    await arrangeIdea(SEED.users.buurvrouw, {
      title: WITHOUT_PLACE,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    browser = await launchBrowser()
  })
  // Each test's context closes with it: a signed-in page left open disturbed the next sign-in.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()))
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function open(opts: Parameters<typeof openPage>[1] = {}) {
    const opened = await openOffline(browser, opts)
    contexts.push(opened.context)
    return opened
  }

  it('opens from the Kaart button with keyboard-reachable markers named by title, PDOK unreachable', async () => {
    const { page, errors, foreign } = await open()
    await visit(page, '/')
    // The list is the default; Leaflet is not loaded until the map is asked for.
    await page.locator('main .card-list h2').first().waitFor()
    expect(await page.locator('.leaflet-container').count()).toBe(0)

    await page.getByRole('button', { name: msg('map.map'), exact: true }).click()
    await page.waitForURL((u) => u.searchParams.get('weergave') === 'kaart')
    await page.locator('[data-testid="ideas-map"].leaflet-container').waitFor()
    await expect.poll(() => pins(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    const names = await pins(page).evaluateAll((els) => els.map((e) => e.textContent?.trim()))
    expect(names).toContain(IN_LIMBEEK)
    expect(names).toContain(IN_WOENSEL_WEST)
    expect(names).not.toContain(WITHOUT_PLACE)

    // The calm note about the tiles, and the same ideas as a plain list beside the map.
    await page.getByText(msg('map.tilesFailed')).waitFor()
    const located = page.locator('section.map-ideas ul.map-ideas__list')
    expect(await located.getByRole('link', { name: IN_LIMBEEK }).count()).toBe(1)
    expect(await located.getByRole('link', { name: WITHOUT_PLACE }).count()).toBe(0)
    expect(await page.locator('main .card-list').count()).toBe(0)
    await expectNoAxeViolations(page)

    // A marker is a link: focus it and press Enter to open the idea.
    await page.getByRole('link', { name: IN_LIMBEEK }).first().waitFor()
    await page.locator(`[data-testid="ideas-map"] a[data-idea-id="${limbeekId}"]`).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.pathname === `/idee/${limbeekId}`)
    await page.getByRole('heading', { level: 1, name: IN_LIMBEEK }).waitFor()

    // Back returns to the map view.
    await page.goBack()
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('weergave') === 'kaart')
    await expect.poll(() => pins(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)

    expect(errors).toEqual([])
    expect([...new Set(foreign)]).toEqual(['service.pdok.nl'])
  })

  it('applies the filters from a shared link to the map, and back/forward move between filters', async () => {
    const { page, errors } = await open({ viewport: 'phone' })
    await visit(page, '/?buurt=limbeek-noord&weergave=kaart')
    await expect.poll(() => pins(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    const names = await pins(page).evaluateAll((els) => els.map((e) => e.textContent?.trim()))
    expect(names).toContain(IN_LIMBEEK)
    expect(names).not.toContain(IN_WOENSEL_WEST)
    expect(await page.getByLabel(msg('filters.neighbourhood')).inputValue()).toBe(
      `n:${SEED.neighbourhoods.limbeekNoord}`,
    )

    await page.getByRole('button', { name: msg('map.list'), exact: true }).click()
    await page.waitForURL(
      (u) => !u.searchParams.has('weergave') && u.searchParams.get('buurt') === 'limbeek-noord',
    )
    await openFilters(page)
    await page
      .getByLabel(msg('filters.neighbourhood'))
      .selectOption(`n:${SEED.neighbourhoods.woenselWest}`)
    await page.waitForURL((u) => u.searchParams.get('buurt') === 'woensel-west')
    await expect
      .poll(() => page.locator('main .card-list h2').allInnerTexts(), { timeout: 10_000 })
      .toContain(IN_WOENSEL_WEST)

    await page.goBack()
    await page.waitForURL((u) => u.searchParams.get('buurt') === 'limbeek-noord')
    await expect
      .poll(() => page.getByLabel(msg('filters.neighbourhood')).inputValue())
      .toBe(`n:${SEED.neighbourhoods.limbeekNoord}`)
    await expect
      .poll(() => page.locator('main .card-list h2').allInnerTexts(), { timeout: 10_000 })
      .toContain(IN_LIMBEEK)
    expect(errors).toEqual([])
  })

  it('keeps its controls on the map in Arabic (right to left)', async () => {
    const { page, errors } = await open({ locale: 'ar' })
    await visit(page, '/?weergave=kaart')
    expect(await page.getAttribute('html', 'dir')).toBe('rtl')
    const map = page.locator('[data-testid="ideas-map"]')
    await map.locator('.leaflet-control-zoom').waitFor()
    const mapBox = (await map.boundingBox())!
    const zoomBox = (await map.locator('.leaflet-control-zoom').boundingBox())!
    // Inside the map, at the reading start (the right).
    expect(zoomBox.x).toBeGreaterThanOrEqual(mapBox.x)
    expect(zoomBox.x + zoomBox.width).toBeLessThanOrEqual(mapBox.x + mapBox.width + 1)
    expect(zoomBox.x).toBeGreaterThan(mapBox.x + mapBox.width / 2)
    expect(await map.locator('.leaflet-control-zoom-in').getAttribute('aria-label')).toBe(
      msg('map.zoomIn', {}, 'ar'),
    )
    await expect.poll(() => pins(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('lets a resident pick a place on the small map, refuses a place outside the area, and removes it', async () => {
    const { page, errors } = await open()
    await signInWithPassword(page, DEMO.bewoner)
    await visit(page, '/nieuw')
    await page.getByRole('button', { name: msg('map.pickOnMap') }).click()
    const map = page.locator('[data-testid="location-map"].leaflet-container')
    await map.waitFor()
    await map.click({ position: { x: 60, y: 120 } })
    await page
      .getByRole('status')
      .filter({ hasText: msg('newIdea.locationAdded') })
      .waitFor()
    await page.getByText(msg('map.placeSet')).waitFor()
    expect(await page.locator('[data-testid="location-map"] .ideas-map__pin').count()).toBe(1)

    await page.getByRole('button', { name: msg('newIdea.removeLocation') }).click()
    await page
      .getByRole('status')
      .filter({ hasText: msg('map.placeRemoved') })
      .waitFor()
    expect(await page.locator('[data-testid="location-map"] .ideas-map__pin').count()).toBe(0)

    // Keyboard: focus the map, pan with the arrow keys, then set the centre.
    await map.focus()
    await page.keyboard.press('ArrowUp')
    await page.getByRole('button', { name: msg('map.useCentre') }).click()
    await page.getByText(msg('map.placeSet')).waitFor()

    // A place outside the area's bounds (the browser says we are in Amsterdam) is refused in B1.
    await page.context().grantPermissions(['geolocation'])
    await page.context().setGeolocation({ latitude: 52.37, longitude: 4.89 })
    await page.getByRole('button', { name: msg('newIdea.useLocation') }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: msg('map.outsideArea') })
      .waitFor()
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('lets a signed-in resident follow and unfollow the buurt shown', async () => {
    const { page, errors } = await open()
    await signInWithPassword(page, DEMO.buurvrouw)
    await sql(`delete from public.follows where user_id = $1 and neighbourhood_id = $2`, [
      SEED.users.buurvrouw,
      SEED.neighbourhoods.eckartdal,
    ])
    await visit(page, '/?buurt=eckartdal')
    const follow = page.getByRole('button', { name: msg('followNeighbourhood.follow') })
    await follow.click()
    await page.getByRole('button', { name: msg('followNeighbourhood.following') }).waitFor()
    const count = () =>
      sql<{ n: number }>(
        `select count(*)::int as n from public.follows where user_id = $1 and neighbourhood_id = $2`,
        [SEED.users.buurvrouw, SEED.neighbourhoods.eckartdal],
      ).then((r) => r[0].n)
    await expect.poll(count).toBe(1)
    await page.getByRole('button', { name: msg('followNeighbourhood.following') }).click()
    await follow.waitFor()
    await expect.poll(count).toBe(0)
    expect(errors).toEqual([])
  })
})
