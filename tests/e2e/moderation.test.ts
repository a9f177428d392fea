// The team's and partners' work in real Chromium: a live queue, a public answer that the author
// sees arrive live, the coalition rule refused in plain words, a partner's live buurt feed, the
// CSV export, the Alliantieraad report, and axe on every team, partner and admin page.
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appUrl,
  expectNoAxeViolations,
  launchBrowser,
  nextRealtimeSubscription,
} from '../support/browser.ts'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { DEMO_ADMIN, demoAdminSession } from '../support/mfa.ts'
import { SEED, arrangeIdea, createUser } from '../support/users.ts'

const PASSWORD = 'emmer-demo-2026'
const storageKey = () => `sb-${new URL(stackInfo().apiUrl).hostname.split('.')[0]}-auth-token`

async function sessionFor(email: string, password = PASSWORD) {
  // The admin's powers need aal2: password, then the code from the demo TOTP secret.
  if (email === DEMO_ADMIN.email) return demoAdminSession()
  const client = anonClient()
  const { data, error } = await client.auth.signInWithPassword({ email, password })
  if (error || !data.session) throw error ?? new Error('no session')
  return { client, session: data.session }
}

/** A browser context signed in as `email`: a real session from Auth, where supabase-js keeps it. */
async function contextAs(
  browser: Browser,
  email: string,
  password = PASSWORD,
): Promise<BrowserContext> {
  const { session } = await sessionFor(email, password)
  const context = await browser.newContext({ acceptDownloads: true, locale: 'nl-NL' })
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value)
    },
    [storageKey(), JSON.stringify(session)] as const,
  )
  return context
}

/** Opens `path`; with `live` (a channel name), returns once that channel hears changes too. */
async function open(context: BrowserContext, path: string, live?: string): Promise<Page> {
  const page = await context.newPage()
  const subscribed = live ? nextRealtimeSubscription(page, live) : null
  await page.goto(appUrl(path))
  await page.locator('main h1').first().waitFor()
  await subscribed
  return page
}

describe('moderators and partners', () => {
  let browser: Browser
  // A fresh browser per test: the single-process Chromium of @sparticuz/chromium does not always
  // survive closing one of two open contexts.
  beforeEach(async () => {
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await browser?.close().catch(() => {})
  })

  it('a moderator sees a new idea arrive live, answers it and routes it to a coalition while the author watches the answer appear', async () => {
    const team = await contextAs(browser, 'team@emmer.local')
    const queue = await open(team, '/team', 'moderation-queue')
    await queue.getByTestId('queue-count').filter({ hasNotText: 'Even laden' }).waitFor()

    const { client: author } = await sessionFor('bewoner@emmer.local')
    const id = randomUUID()
    const title = `Bankjes bij de vijver ${id.slice(0, 4)}`
    const { error } = await author.rpc('submit_idea', {
      id,
      title,
      body: 'Bij de vijver zijn geen bankjes. Ouderen kunnen daar niet even uitrusten.',
      kind: 'idea',
      theme_id: SEED.themes.fijneBuurt,
      neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    })
    expect(error).toBeNull()
    // Live: no reload.
    await queue.getByRole('link', { name: title }).waitFor({ timeout: 15_000 })
    await expect
      .poll(() => queue.getByText('Vandaag binnen, nog geen antwoord').count())
      .toBeGreaterThan(0)

    // The author in a browser of their own: this single-process Chromium's contexts share storage.
    const authorBrowser = await launchBrowser()
    const authorContext = await contextAs(authorBrowser, 'bewoner@emmer.local')
    const authorPage = await open(authorContext, `/idee/${id}`)
    expect(await authorPage.evaluate(() => document.body.innerText)).not.toContain('Team')

    await queue.getByRole('link', { name: title }).click()
    await queue.getByRole('heading', { name: 'Antwoord geven' }).waitFor()
    // Nobody has typed yet: the empty answer box has the plain border, not the red of an error.
    const [border, red] = await queue.getByLabel('Je bericht aan de bewoners').evaluate((box) => {
      const probe = document.createElement('i')
      probe.style.color = 'var(--emmer-color-error)'
      document.body.append(probe)
      const error = getComputedStyle(probe).color
      probe.remove()
      return [getComputedStyle(box).borderBlockStartColor, error]
    })
    expect(border).not.toBe(red)
    await queue.getByLabel('Wat gebeurt er met het idee?').selectOption('in_coalition')
    await queue
      .getByLabel('Welke coalitie gaat ermee aan de slag?')
      .selectOption(SEED.coalitions.groen)
    await queue.getByRole('button', { name: 'Gebruik een voorbeeldtekst' }).click()
    await queue.getByLabel('Je bericht aan de bewoners').press('End')
    await queue.getByLabel('Je bericht aan de bewoners').pressSequentially(' We spreken in mei af.')
    await expectNoAxeViolations(queue)
    await queue.getByRole('button', { name: 'Zet het antwoord online' }).click()
    await queue
      .getByText('Je antwoord staat online. De bewoners krijgen een bericht.')
      .first()
      .waitFor()

    await authorPage.getByText('We spreken in mei af.').waitFor({ timeout: 15_000 })
    const [row] = await sql('select status, coalition_id from public.ideas where id = $1', [id])
    expect(row).toEqual({ status: 'in_coalition', coalition_id: SEED.coalitions.groen })
    await authorBrowser.close()
  })

  it('a moderator who adds a second partner beside one resident gets the plain-language refusal', async () => {
    const { client: mod } = await sessionFor('team@emmer.local')
    const coalitionId = randomUUID()
    const name = `Speelplekken ${coalitionId.slice(0, 4)}`
    expect((await mod.from('coalitions').insert({ id: coalitionId, name })).error).toBeNull()
    const resident = await createUser({
      meta: { display_name: `Bewoner ${coalitionId.slice(0, 4)}` },
    })
    const partner2 = await createUser({
      role: 'partner',
      organisationId: SEED.organisations.lumens,
      meta: { display_name: `Lotte ${coalitionId.slice(0, 4)}` },
    })
    expect(
      (
        await mod.from('coalition_members').insert([
          { coalition_id: coalitionId, profile_id: resident.id, member_kind: 'resident' },
          { coalition_id: coalitionId, profile_id: SEED.users.partner, member_kind: 'partner' },
        ])
      ).error,
    ).toBeNull()

    const team = await contextAs(browser, 'team@emmer.local')
    const page = await open(team, '/team/coalities')
    await page.getByRole('button', { name }).click()
    await page.getByTestId('balance').filter({ hasText: '1 bewoner en 1 organisatie' }).waitFor()
    await page
      .getByLabel('Zoek een bewoner of organisatie')
      .fill(`Lotte ${coalitionId.slice(0, 4)}`)
    await page
      .getByRole('button', { name: new RegExp(`Kies\\s+Lotte ${coalitionId.slice(0, 4)}`) })
      .click()
    await page.getByTestId('rule-preview').filter({ hasText: 'Dat mag niet.' }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Voeg toe' }).click()
    await page
      .getByTestId('moderation-error')
      .filter({
        hasText:
          'Dit kan niet. Dan zitten er meer organisaties dan bewoners in de coalitie. Voeg eerst een bewoner toe.',
      })
      .waitFor()
    const members = await sql(
      'select profile_id from public.coalition_members where coalition_id = $1',
      [coalitionId],
    )
    expect(members.map((m) => m.profile_id)).not.toContain(partner2.id)
  })

  it('a partner follows a buurt and sees a new idea there arrive live in the feed', async () => {
    await sql(`delete from public.follows where user_id = $1 and neighbourhood_id = $2`, [
      SEED.users.partner,
      SEED.neighbourhoods.eckartdal,
    ])
    const context = await contextAs(browser, 'partner@emmer.local')
    const page = await open(context, '/mijn-buurten', 'partner-feed')
    await expectNoAxeViolations(page)
    await page.getByLabel('Kies een buurt').selectOption(SEED.neighbourhoods.eckartdal)
    await page.getByRole('button', { name: 'Volg deze buurt' }).click()
    await page
      .locator(
        `[data-testid="unread-count"][data-neighbourhood="${SEED.neighbourhoods.eckartdal}"]`,
      )
      .waitFor()

    const title = `Moestuin Eckartdal ${randomUUID().slice(0, 4)}`
    await arrangeIdea(SEED.users.buurvrouw, {
      neighbourhood_id: SEED.neighbourhoods.eckartdal,
      title,
    })
    await page.getByTestId('feed').getByRole('link', { name: title }).waitFor({ timeout: 15_000 })
    await expect
      .poll(() =>
        page
          .locator(
            `[data-testid="unread-count"][data-neighbourhood="${SEED.neighbourhoods.eckartdal}"]`,
          )
          .textContent(),
      )
      .toMatch(/[1-9]\d* nieuw/)
  })

  it('the CSV export opens in Dutch Excel: one row per idea, semicolons, BOM, text and answers', async () => {
    const context = await contextAs(browser, 'team@emmer.local')
    const page = await open(context, '/team/export')
    await page.getByLabel('Buurt').selectOption(SEED.neighbourhoods.limbeekNoord)
    await expectNoAxeViolations(page)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Sla op als bestand voor Excel' }).click(),
    ])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const [header, ...rows] = parseCsv(csv.slice(1), ';')
    expect(header).toEqual([
      'id',
      'titel',
      'tekst',
      'status',
      'soort',
      'stemmen',
      'reacties',
      'buurt',
      'wijk',
      'thema',
      'coalitie',
      'datum',
      'antwoorden',
    ])
    const expected = await sql<{ id: string; body: string; answers: string[] }>(
      `select i.id, i.body,
              coalesce(array_agg(u.message order by u.created_at, u.id) filter (where u.id is not null), '{}') as answers
         from public.ideas i left join public.idea_updates u on u.idea_id = i.id
        where i.neighbourhood_id = $1 and i.hidden_at is null and i.withdrawn_at is null
        group by i.id order by i.created_at, i.id`,
      [SEED.neighbourhoods.limbeekNoord],
    )
    expect(rows.map((r) => r[0])).toEqual(expected.map((r) => r.id))
    expect(rows.every((r) => r[7] === 'Limbeek-Noord' && r[8] === 'Oud-Woensel')).toBe(true)
    expect(rows.map((r) => r[2])).toEqual(expected.map((r) => r.body))
    // Every public answer is in the last cell, in order; the seed has answered ideas here.
    expect(expected.some((r) => r.answers.length > 0)).toBe(true)
    rows.forEach((r, i) => {
      const cell = r[12]
      let from = 0
      for (const answer of expected[i].answers) {
        const at = cell.indexOf(answer, from)
        expect(at, `answer of ${r[0]}`).toBeGreaterThanOrEqual(from)
        from = at + answer.length
      }
    })
  })

  it('a moderator picks up an idea, finds it under "Ik", and a quiet idea comes back with a reminder', async () => {
    const [team] = await sql<{ id: string }>(
      `select id from auth.users where email = 'team@emmer.local'`,
    )
    const fresh = await arrangeIdea(SEED.users.bewoner, {
      title: `Lantaarn bij het pad ${randomUUID().slice(0, 4)}`,
    })
    const quiet = await arrangeIdea(SEED.users.bewoner, {
      title: `Moestuin achter de school ${randomUUID().slice(0, 4)}`,
      status: 'in_progress',
      created_at: new Date(Date.now() - 60 * 86_400_000).toISOString(),
    })
    await sql(
      `insert into public.idea_updates (idea_id, status, message, created_at)
       values ($1, 'in_progress', 'We zoeken een plek voor de moestuin.', now() - interval '40 days')`,
      [quiet],
    )
    const context = await contextAs(browser, 'team@emmer.local')

    const page = await open(context, `/team/idee/${fresh}`)
    const assign = page.getByTestId('assign')
    await assign.getByText('Nog niemand pakt dit op.').waitFor()
    await expectNoAxeViolations(page)
    await assign.getByRole('button', { name: 'Ik pak dit op' }).click()
    await assign.getByText('Jij pakt dit op.').waitFor()
    expect(
      await sql('select assignee_id from public.idea_assignments where idea_id = $1', [fresh]),
    ).toEqual([{ assignee_id: team.id }])

    const queue = await open(context, '/team')
    await queue.getByLabel('Wie pakt het op?').selectOption('mine')
    await queue
      .getByRole('link', { name: /Lantaarn bij het pad/ })
      .first()
      .waitFor()
    await expect
      .poll(() => queue.getByRole('link', { name: /Moestuin achter de school/ }).count())
      .toBe(0)
    await queue.getByLabel('Wie pakt het op?').selectOption('nobody')
    const quietItem = queue.getByRole('listitem').filter({ hasText: /Moestuin achter de school/ })
    await quietItem.getByTestId('queue-quiet').waitFor()
    expect(await quietItem.getByTestId('queue-quiet').textContent()).toContain(
      '40 dagen geen update',
    )
    await expect
      .poll(() => queue.getByRole('link', { name: /Lantaarn bij het pad/ }).count())
      .toBe(0)
    await expectNoAxeViolations(queue)

    const quietPage = await open(context, `/team/idee/${quiet}`)
    await quietPage
      .getByTestId('idea-quiet')
      .getByText('Bewoners hoorden al 40 dagen niets')
      .waitFor()
  })

  it('the Alliantieraad report renders for a period', async () => {
    const context = await contextAs(browser, 'team@emmer.local')
    const page = await open(context, '/team/verslag')
    const report = page.getByTestId('alliantieraad-report')
    await report.getByRole('heading', { name: 'Verslag voor de Alliantieraad' }).waitFor()
    await report.getByRole('heading', { name: 'Wat kwam er binnen?' }).waitFor()
    await report.getByRole('heading', { name: "De grootste thema's per buurt" }).waitFor()
    expect(await report.locator('tbody tr').count()).toBeGreaterThan(0)
    await expectNoAxeViolations(page)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.app-header').isVisible()).toBe(false)
  })

  it('the team puts a post-it in the emmer: it shows as written down by the team, without a name', async () => {
    const team = await contextAs(browser, 'team@emmer.local')
    const page = await open(team, '/team/idee-invoeren')
    const title = `Watertappunt in het park ${randomUUID().slice(0, 4)}`
    await page.getByLabel('Hoe kwam het idee binnen?').selectOption('paper')
    await page.getByLabel('In welke buurt?').selectOption(SEED.neighbourhoods.woenselWest)
    await page.getByLabel('Welk thema past erbij?').selectOption(SEED.themes.fijneBuurt)
    // Denied first: the body is too short, the form says so and nothing is stored.
    await page.getByLabel('Geef je idee een korte titel').fill(title)
    await page.getByLabel('Vertel meer over je idee').fill('Te kort.')
    await page.getByRole('button', { name: 'Zet het idee in de emmer' }).click()
    await page.getByText('Je uitleg is te kort', { exact: false }).first().waitFor()
    expect(await sql('select 1 from public.ideas where title = $1', [title])).toHaveLength(0)
    await page
      .getByLabel('Vertel meer over je idee')
      .fill('Op de koffieochtend geschreven: in de zomer is er geen water voor de kinderen.')
    await page.getByRole('button', { name: 'Zet het idee in de emmer' }).click()
    await page.getByTestId('record-saved').waitFor()
    // Ready for the next post-it: text cleared, how it came in and the buurt kept.
    expect(await page.getByLabel('Geef je idee een korte titel').inputValue()).toBe('')
    expect(await page.getByLabel('In welke buurt?').inputValue()).toBe(
      SEED.neighbourhoods.woenselWest,
    )
    const [row] = await sql('select author_id, channel from public.ideas where title = $1', [title])
    expect(row).toEqual({ author_id: null, channel: 'paper' })

    await page.getByRole('link', { name: 'Bekijk het idee' }).click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByText('Opgeschreven door het team (op papier)').waitFor()

    const home = await team.newPage()
    await home.goto(appUrl('/'))
    const card = home.locator('article').filter({ hasText: title })
    await card.waitFor()
    expect(await card.getByTestId('idea-author').innerText()).toBe(
      'Opgeschreven door het team (op papier)',
    )
  })

  it('axe finds no violations on the team, partner and admin pages', async () => {
    const team = await contextAs(browser, 'beheer@emmer.local')
    for (const path of [
      '/team',
      '/team/meldingen',
      '/team/coalities',
      '/team/wat-horen-we',
      '/team/logboek',
      '/team/idee-invoeren',
      '/beheer',
      `/team/idee/${SEED.idea(1)}`,
    ]) {
      const page = await open(team, path)
      if (path === '/team/wat-horen-we') await page.locator('canvas').first().waitFor()
      await page.waitForLoadState('networkidle')
      await expectNoAxeViolations(page)
      await page.close()
    }
    // Contexts of this single-process Chromium share storage: a new browser for the partner.
    await browser.close()
    browser = await launchBrowser()
    const partner = await contextAs(browser, 'partner@emmer.local')
    const page = await open(partner, '/organisatie')
    await page.waitForLoadState('networkidle')
    await expectNoAxeViolations(page)
    // A partner is not the team: the guard sends them to a plain explanation.
    const denied = await partner.newPage()
    await denied.goto(appUrl('/team'))
    await denied.getByRole('heading', { name: 'Deze pagina is niet voor jou' }).waitFor()
    expect(new URL(denied.url()).pathname).toBe('/geen-toegang')
  })
})

/** RFC 4180: quoted cells may hold separators, quotes ("") and line breaks. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"'
      i++
    } else if (quoted && c === '"') {
      quoted = false
    } else if (quoted) {
      cell += c
    } else if (c === '"') {
      quoted = true
    } else if (c === separator) {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else {
      cell += c
    }
  }
  return rows
}
