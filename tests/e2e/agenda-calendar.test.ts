// The agenda in people's own calendars, in a real Chromium against the local stack: "Zet in je
// agenda" downloads an .ics file that parses back and holds the public meeting point, and the
// exact address only once the resident has a place; /agenda offers a buurt's feed, and the link
// it shows really serves that buurt's agenda.
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  browserForTests,
  expectNoAxeViolations,
  nextRealtimeSubscription,
} from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { createResident, msg, openPage, signInWithPassword, visit } from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'
import { parseIcal, prop, vevents } from '../../src/lib/icalParse.ts'
import { randomUUID } from 'node:crypto'

/** The demo visit to the repair café (supabase/seed/demo.sql): 6 places, an address. */
const VISIT = '70000000-0000-4000-8000-000000000001'
const VISIT_TITLE = 'Kom langs bij het repair café'
const ADDRESS = 'Celebesstraat 40'

/** Clicks "Zet in je agenda" and reads the downloaded file. */
async function downloadIcs(page: Page): Promise<{ name: string; text: string }> {
  const link = page.getByRole('link', { name: msg('calendar.addToCalendar') })
  await link.waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const path = await download.path()
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') }
}

describe('the agenda in your own calendar', () => {
  const browser = browserForTests()
  let place: string
  let startsAt: Date
  beforeAll(async () => {
    ;[{ place, starts_at: startsAt }] = await sql<{ place: string; starts_at: Date }>(
      'select place, starts_at from public.events where id = $1',
      [VISIT],
    )
  })

  it('a visitor downloads the .ics: the meeting point, never the address', async () => {
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await visit(page, `/agenda/${VISIT}`)
    await page.getByRole('heading', { level: 1, name: VISIT_TITLE }).waitFor()
    await expectNoAxeViolations(page)
    const file = await downloadIcs(page)
    expect(file.name).toBe('kom-langs-bij-het-repair-cafe.ics')
    expect(file.text).not.toContain(ADDRESS)
    const [event] = vevents(parseIcal(file.text))
    expect(prop(event, 'UID')).toBe(`event-${VISIT}@emmer`)
    expect(prop(event, 'SUMMARY')).toBe(VISIT_TITLE)
    expect(prop(event, 'LOCATION')).toBe(place)
    expect(prop(event, 'URL')).toMatch(new RegExp(`/agenda/${VISIT}$`))
    const start = event.props.find((p) => p.name === 'DTSTART')!
    expect(start.params.TZID).toBe('Europe/Amsterdam')
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Amsterdam',
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(startsAt)
      .replace(/[-:]/g, '')
      .replace(' ', 'T')
    expect(start.value).toBe(local)
    expect(errors).toEqual([])
  })

  it('with a place, the file holds the exact address too; after "Ik kom toch niet" no more', async () => {
    const resident = await createResident('Agenda Kalender')
    const { page, errors } = await openPage(browser, { viewport: 'desktop' })
    await signInWithPassword(page, resident.email)
    await visit(page, `/agenda/${VISIT}`)
    await page.getByRole('button', { name: msg('agenda.join'), exact: true }).click()
    await page.getByTestId('event-address').getByText(ADDRESS).waitFor()
    const [{ address }] = await sql<{ address: string }>(
      'select address from public.event_addresses where event_id = $1',
      [VISIT],
    )
    const withPlace = await downloadIcs(page)
    const [event] = vevents(parseIcal(withPlace.text))
    expect(prop(event, 'LOCATION')).toBe(`${address} (${place})`)

    await page.getByRole('button', { name: msg('agenda.leave') }).click()
    await page.getByRole('button', { name: msg('agenda.join'), exact: true }).waitFor()
    const without = await downloadIcs(page)
    expect(without.text).not.toContain(ADDRESS)
    expect(prop(vevents(parseIcal(without.text))[0], 'LOCATION')).toBe(place)
    expect(errors).toEqual([])
  })

  it('/agenda offers the chosen buurt’s feed, and that link serves its agenda', async () => {
    const [buurt] = await sql<{ id: string; name: string; slug: string }>(
      `select n.id, n.name, n.slug from public.events e join public.neighbourhoods n on n.id = e.neighbourhood_id
        where e.id = $1`,
      [VISIT],
    )
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await visit(page, '/agenda')
    await page.getByText(msg('calendar.chooseNeighbourhood')).waitFor()
    await page.getByLabel(msg('agenda.neighbourhood')).selectOption(buurt.id)
    await page
      .getByRole('heading', { name: msg('calendar.subscribeTitle', { buurt: buurt.name }) })
      .waitFor()
    const url = await page.getByLabel(msg('calendar.feedLink')).inputValue()
    expect(url).toMatch(new RegExp(`/functions/v1/agenda-ical\\?buurt=${buurt.slug}$`))
    expect(
      await page.getByRole('link', { name: msg('calendar.openInApp') }).getAttribute('href'),
    ).toBe(url.replace(/^https?:/, 'webcal:'))
    await expectNoAxeViolations(page)

    const res = await fetch(url)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const feed = await res.text()
    expect(feed).not.toContain(ADDRESS)
    const uids = vevents(parseIcal(feed)).map((e) => prop(e, 'UID'))
    expect(uids).toContain(`event-${VISIT}@emmer`)
    expect(errors).toEqual([])
  })

  it('reads right to left in Arabic, with the feed link left to right', async () => {
    const { page, errors } = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await visit(page, `/agenda/${VISIT}`)
    await page.getByRole('link', { name: msg('calendar.addToCalendar', {}, 'ar') }).waitFor()
    await expectNoAxeViolations(page)
    await visit(page, '/agenda')
    const [{ id }] = await sql<{ id: string }>(
      'select neighbourhood_id as id from public.events where id = $1',
      [VISIT],
    )
    await page.getByLabel(msg('agenda.neighbourhood', {}, 'ar')).selectOption(id)
    const input = page.getByLabel(msg('calendar.feedLink', {}, 'ar'))
    await input.waitFor()
    expect(await input.getAttribute('dir')).toBe('ltr')
    expect(await input.inputValue()).toMatch(/&lang=ar$/)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('a partner sees a new event, and then its new time, arrive live in "Mijn buurten"', async () => {
    const buurt = SEED.neighbourhoods.woenselWest
    await sql(
      `insert into public.follows (user_id, neighbourhood_id) values ($1, $2)
       on conflict on constraint follows_user_neighbourhood_key do nothing`,
      [SEED.users.partner, buurt],
    )
    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, 'partner@emmer.local')
    const subscribed = nextRealtimeSubscription(page, 'partner-feed')
    await visit(page, '/mijn-buurten')
    await subscribed

    const id = randomUUID()
    const title = `Wandeling door Woensel-West ${id.slice(0, 4)}`
    await sql(
      `insert into public.events (id, title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
       values ($1, $2, 'We lopen samen een rondje door de buurt en praten met elkaar.',
               now() + interval '4 days', now() + interval '4 days 2 hours', 'Bij de kerk', $3, $4)`,
      [id, title, buurt, SEED.users.team],
    )
    const item = page.getByTestId('feed').getByRole('listitem').filter({ hasText: title })
    await item.getByText(msg('partner.feed.kind.event'), { exact: true }).waitFor()
    expect(await item.getByRole('link', { name: title }).getAttribute('href')).toBe(`/agenda/${id}`)
    await item.getByTestId('feed-event-when').waitFor()
    await expectNoAxeViolations(page)

    await sql(
      `update public.events set starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day'
        where id = $1`,
      [id],
    )
    await item.getByText(msg('partner.feed.kind.event_changed'), { exact: true }).waitFor()
    expect(errors).toEqual([])
  })

  it('the Alliantieraad report counts events held and people who came, and says how', async () => {
    const id = randomUUID()
    await sql(
      `insert into public.events (id, title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
       values ($1, 'Koffie in de tuin van het buurthuis', 'We drinken koffie in de tuin en praten over de buurt.',
               now() - interval '2 days', now() - interval '2 days' + interval '2 hours', 'Buurthuis', $2, $3)`,
      [id, SEED.neighbourhoods.eckartdal, SEED.users.team],
    )
    await sql(
      `insert into public.event_signups (event_id, user_id, status, queued_at, attended)
       values ($1, $2, 'attending', 1, true), ($1, $3, 'attending', 2, false)`,
      [id, SEED.users.bewoner, SEED.users.buurvrouw],
    )
    const { page, errors } = await openPage(browser, { viewport: 'desktop' })
    await signInWithPassword(page, 'team@emmer.local')
    await visit(page, '/team/verslag')
    const section = page.getByTestId('report-events')
    await section.getByRole('heading', { name: msg('moderation.report.events') }).waitFor()
    await section.getByTestId('report-events-how').waitFor()
    const [{ name }] = await sql<{ name: string }>(
      'select name from public.neighbourhoods where id = $1',
      [SEED.neighbourhoods.eckartdal],
    )
    const row = section.getByRole('row').filter({ hasText: name })
    await row.waitFor()
    expect(await row.textContent()).toContain(msg('moderation.report.eventsByTicks', { n: 1 }))
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })
})
