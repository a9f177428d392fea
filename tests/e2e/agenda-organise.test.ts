// Organising in the agenda, in a real Chromium against the local stack: a resident with an
// initiative puts a visit in the agenda (bad input gets clear messages, the draft survives a
// reload), a visitor's open /agenda shows it without a reload, a neighbour signs up, and a new
// time reaches the open agenda live. Axe-clean at 360 px in Dutch and Arabic.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
} from '../support/e2e-pages.ts'

/** A datetime-local value some days ahead (read as Amsterdam time by the form). */
function localAhead(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`
}

describe('organising in the agenda', () => {
  const browser = browserForTests()

  it('an organiser puts a visit in the agenda; an open agenda shows it live; a neighbour signs up; a new time arrives live', async () => {
    const organiser = await createResident('Agenda Organisator')
    const initiative = randomUUID()
    const [hood] = await sql<{ id: string; name: string }>(
      'select id, name from public.neighbourhoods order by name limit 1',
    )
    await sql(
      `insert into public.initiatives (id, name, description, neighbourhood_id, organiser_id)
       values ($1, 'Buurttuin Test', 'Buren die samen een tuin bijhouden in de buurt.', $2, $3)`,
      [initiative, hood.id, organiser.id],
    )
    const title = `Kom langs in de buurttuin ${randomUUID().slice(0, 6)}`

    // A visitor has the agenda open the whole time.
    const watcher = await openPage(browser, { viewport: 'desktop' })
    await visit(watcher.page, '/agenda')
    await watcher.page.getByTestId('agenda-count').getByText(msg('common.loading')).waitFor({
      state: 'detached',
    })

    const { page, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, organiser.email)
    await visit(page, '/agenda/nieuw')
    await expectNoAxeViolations(page)

    // Nothing filled in: a message at each field, and nothing is sent.
    await page.getByRole('button', { name: msg('agendaForm.submit') }).click()
    await page.getByText(msg('agendaForm.titleProblem')).waitFor()
    await page.getByText(msg('agendaForm.startsMissing')).waitFor()
    await page.getByText(msg('agendaForm.placeProblem')).waitFor()
    await expectNoAxeViolations(page)

    await page.getByLabel(msg('agendaForm.kind')).selectOption('visit')
    await page.getByLabel(msg('agendaForm.titleField')).fill(title)
    await page
      .getByLabel(msg('agendaForm.description'))
      .fill('We laten zien wat er groeit en drinken samen thee.')
    await page.getByLabel(msg('agendaForm.initiative')).selectOption(initiative)
    await page.getByLabel(msg('agendaForm.starts')).fill(localAhead(6, 14))
    await page.getByLabel(msg('agendaForm.ends')).fill(localAhead(6, 16))
    await page.getByLabel(msg('agendaForm.place')).fill('Bij het hek van de buurttuin')
    await page.getByLabel(msg('agendaForm.address')).fill('Tuinpad 3 (achterom)')
    await page.getByLabel(msg('newIdea.neighbourhood')).selectOption(hood.id)
    // A visit is for a small group: too many places is refused with the bound from the settings.
    await page.getByLabel(msg('agendaForm.capacity')).fill('99')
    await page.getByRole('button', { name: msg('agendaForm.submit') }).click()
    await page.getByText(msg('agendaForm.capacityProblem', { max: 15 })).waitFor()

    // A reload loses nothing.
    await page.reload()
    await page.getByText(msg('newIdea.draftRestored')).waitFor()
    expect(await page.getByLabel(msg('agendaForm.titleField')).inputValue()).toBe(title)
    expect(await page.getByLabel(msg('agendaForm.capacity')).inputValue()).toBe('99')
    await page.getByLabel(msg('agendaForm.capacity')).fill('6')
    await page.getByRole('button', { name: msg('agendaForm.submit') }).click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByTestId('event-address').getByText('Tuinpad 3').waitFor()
    await expectNoAxeViolations(page)
    const [made] = await sql<{ id: string; initiative_id: string; count: number }>(
      `select id, initiative_id, (select count(*)::int from public.events where title = $1) as count
         from public.events where title = $1`,
      [title],
    )
    expect(made).toMatchObject({ initiative_id: initiative, count: 1 })

    // The visitor's agenda shows it without a reload, without the address.
    await watcher.page.getByRole('link', { name: title }).waitFor()
    expect(await watcher.page.content()).not.toContain('Tuinpad 3')

    // A neighbour signs up.
    const neighbour = await createResident('Agenda Buur')
    const other = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(other.page, neighbour.email)
    await visit(other.page, `/agenda/${made.id}`)
    await other.page.getByRole('button', { name: msg('agenda.join'), exact: true }).click()
    await other.page.getByTestId('signup-status').getByText(msg('agenda.youAreComing')).waitFor()

    // The organiser moves it a day; the open agenda shows the new time, the neighbour is told.
    const later = localAhead(7, 15)
    await page.getByLabel(msg('agendaForm.starts')).fill(later)
    await page.getByLabel(msg('agendaForm.ends')).fill(localAhead(7, 17))
    await page.getByRole('button', { name: msg('agendaForm.saveChange') }).click()
    await page.getByText(msg('agendaForm.changed')).first().waitFor({ state: 'attached' })
    await until(async () => {
      const [row] = await sql<{ n: number }>(
        `select count(*)::int as n from public.notifications where user_id = $1 and event_id = $2 and kind = 'event_changed'`,
        [neighbour.id, made.id],
      )
      return row.n === 1
    }, 'the neighbour is told')
    const [moved] = await sql<{ starts_at: Date }>(
      'select starts_at from public.events where id = $1',
      [made.id],
    )
    const item = watcher.page.getByRole('listitem').filter({ hasText: title })
    await until(
      async () =>
        (await item.locator('time').first().getAttribute('datetime')) !== null &&
        Date.parse((await item.locator('time').first().getAttribute('datetime'))!) ===
          moved.starts_at.getTime(),
      'the new time on the open agenda',
    )
    expect(errors).toEqual([])
    expect(watcher.errors).toEqual([])
    expect(other.errors).toEqual([])
  }, 300_000)

  it('the form and the initiatives read right to left in Arabic, axe-clean at 360 px', async () => {
    const resident = await createResident('Agenda Arabisch')
    const { page, errors } = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await signInWithPassword(page, resident.email, undefined, 'ar')
    await visit(page, '/agenda/nieuw')
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    await page.getByRole('button', { name: msg('agendaForm.submit', {}, 'ar') }).click()
    await page.getByText(msg('agendaForm.titleProblem', {}, 'ar')).waitFor()
    await expectNoAxeViolations(page)
    await visit(page, '/initiatieven')
    await page
      .getByRole('heading', { level: 1, name: msg('initiatives.title', {}, 'ar') })
      .waitFor()
    await expectNoAxeViolations(page)
    await visit(page, '/initiatieven/nieuw')
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  }, 300_000)
})
