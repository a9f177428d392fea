// Faults during a real session in Chromium: PostgREST, the realtime server and Postgres itself are
// killed and restarted (through the e2e setup's control endpoint) while a resident writes an idea
// and reads one. The app stays calm, keeps the draft, lands the idea exactly once when it is
// sent again, and catches up on the changes it missed while the connection was gone.
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appUrl, launchBrowser, nextRealtimeSubscription } from '../support/browser.ts'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { SEED, arrangeIdea } from '../support/users.ts'

const DRAFT_KEY = 'emmer.ideaDraft'

function restart(part: 'postgrest' | 'realtime' | 'postgres', downMs: number): Promise<Response> {
  return fetch(`${inject('controlUrl')}/restart/${part}?downMs=${downMs}`, { method: 'POST' })
}

/** A signed-in resident in the browser: a real session from Auth, put where supabase-js keeps it. */
async function signedInContext(
  browser: Browser,
): Promise<{ context: BrowserContext; userId: string }> {
  const email = `res-${randomUUID().slice(0, 8)}@example.test`
  const { data, error } = await anonClient().auth.signUp({
    email,
    password: 'correct-horse-battery',
  })
  if (error || !data.session) throw error ?? new Error('no session')
  const storageKey = `sb-${new URL(stackInfo().apiUrl).hostname.split('.')[0]}-auth-token`
  const context = await browser.newContext({ locale: 'nl-NL' })
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value)
    },
    [storageKey, JSON.stringify(data.session)] as const,
  )
  return { context, userId: data.user!.id }
}

async function fillIdea(page: Page, title: string) {
  await page.getByLabel('Geef je idee een korte titel').fill(title)
  await page
    .getByLabel('Vertel meer over je idee')
    .fill('Een idee dat tijdens een storing is geschreven en er toch één keer moet komen.')
  await page.getByLabel('In welke buurt?').selectOption(SEED.neighbourhoods.limbeekNoord)
  await page.getByLabel('Welk thema past erbij?').selectOption(SEED.themes.fijneBuurt)
}

/** The form's send button: "Zet je idee in de emmer", or "try again" after a failure. */
const submitButton = (page: Page) => page.locator('form button[type="submit"]')
const draftOf = (page: Page) =>
  page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), DRAFT_KEY)
/** Whether PostgREST answers through the gateway; false while it is down for a restart. */
async function restAnswers(): Promise<boolean> {
  const { apiUrl, anonKey } = stackInfo()
  const res = await fetch(`${apiUrl}/rest/v1/themes?select=id&limit=1`, {
    headers: { apikey: anonKey },
  }).catch(() => null)
  return res?.ok ?? false
}
const storedCount = async (id: string) =>
  Number((await sql<{ n: string }>('select count(*) n from public.ideas where id = $1', [id]))[0].n)

describe('restarts during a session', () => {
  let browser: Browser
  let context: BrowserContext
  let userId: string

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ context, userId } = await signedInContext(browser))
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('keeps the draft through a PostgREST outage and lands the idea exactly once when sent again', async () => {
    const page = await context.newPage()
    await page.goto(appUrl('/nieuw'))
    await fillIdea(page, 'Storing bij het insturen')
    const draft = await draftOf(page)
    expect(draft.title).toBe('Storing bij het insturen')

    const down = restart('postgrest', 4000)
    await expect.poll(restAnswers, { timeout: 10_000 }).toBe(false)
    await submitButton(page).click()
    // A calm message, no crash: the form and its text are still there.
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.getByLabel('Geef je idee een korte titel').inputValue()).toBe(
      'Storing bij het insturen',
    )
    expect((await draftOf(page)).id).toBe(draft.id)
    expect(await storedCount(draft.id)).toBe(0)

    // Even a reload during the outage loses nothing.
    await page.reload()
    await expect
      .poll(() => page.getByLabel('Geef je idee een korte titel').inputValue(), { timeout: 15_000 })
      .toBe('Storing bij het insturen')
    expect((await down).status).toBe(200)

    await submitButton(page).click()
    await page.waitForURL(/\/nieuw\/klaar\//, { timeout: 20_000 })
    expect(await storedCount(draft.id)).toBe(1)
    expect(
      (await sql('select author_id from public.ideas where id = $1', [draft.id]))[0].author_id,
    ).toBe(userId)
    await page.close()
  })

  it('does not duplicate an idea whose answer was lost on the way back', async () => {
    const page = await context.newPage()
    await page.goto(appUrl('/nieuw'))
    await fillIdea(page, 'Antwoord onderweg kwijt')
    const draft = await draftOf(page)
    // The request reaches the database, but the browser never hears back.
    let cut = 0
    await page.route('**/rest/v1/rpc/submit_idea*', async (route) => {
      if (cut++ === 0) {
        await route.fetch()
        await route.abort('connectionreset')
      } else await route.continue()
    })
    await submitButton(page).click()
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await storedCount(draft.id)).toBe(1)
    await submitButton(page).click()
    await page.waitForURL(/\/nieuw\/klaar\//, { timeout: 20_000 })
    expect(await storedCount(draft.id)).toBe(1)
    await page.close()
  })

  it('shows a calm offline state when realtime restarts, reconnects by itself and catches up on missed comments', async () => {
    const ideaId = await arrangeIdea(userId, { title: 'Live volgen tijdens een storing' })
    const page = await context.newPage()
    const live = nextRealtimeSubscription(page, `idea:${ideaId}`)
    await page.goto(appUrl(`/idee/${ideaId}`))
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain('Live volgen tijdens een storing')
    await live

    const down = restart('realtime', 3000)
    await expect
      .poll(() => page.getByText('Even geen verbinding').count(), { timeout: 15_000 })
      .toBeGreaterThan(0)
    await sql(
      `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Gemist tijdens de storing')`,
      [ideaId, SEED.users.buurvrouw],
    )
    expect((await down).status).toBe(200)
    // realtime-js retries after 1, 2, 5, 10 s; the page then reloads what it missed.
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 30_000 })
      .toContain('Gemist tijdens de storing')
    await expect
      .poll(() => page.getByText('Even geen verbinding').count(), { timeout: 30_000 })
      .toBe(0)
    // And live again: a new comment arrives without a reload.
    await sql(
      `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Weer live na de storing')`,
      [ideaId, SEED.users.buurvrouw],
    )
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain('Weer live na de storing')
    await page.close()
  })

  it('survives a Postgres crash: the page stays usable and shows changes made after it', async () => {
    const ideaId = await arrangeIdea(userId, { title: 'Database even weg' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const live = nextRealtimeSubscription(page, `idea:${ideaId}`)
    await page.goto(appUrl(`/idee/${ideaId}`))
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain('Database even weg')
    await live

    expect((await restart('postgres', 2000)).status).toBe(200)
    // Writes work again once the pools have reconnected (a few seconds at most).
    await expect
      .poll(
        async () => {
          try {
            await sql(
              `insert into public.comments (idea_id, author_id, body) values ($1, $2, 'Na de databasecrash')`,
              [ideaId, SEED.users.buurvrouw],
            )
            return true
          } catch {
            return false
          }
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true)
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 40_000 })
      .toContain('Na de databasecrash')
    // The rest of the app still answers.
    await page.goto(appUrl('/'))
    await expect
      .poll(() => page.locator('main a[href^="/idee/"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
