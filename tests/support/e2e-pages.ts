// Page helpers for the residents' end-to-end tests: contexts on a phone or desktop viewport in a
// given language, sign-in through the real UI (code from the stack's mailbox, or password), and
// the UI strings taken from the locale files so copy changes do not break the tests.
import { randomUUID } from 'node:crypto'
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'
import ar from '../../src/i18n/locales/ar.json' with { type: 'json' }
import en from '../../src/i18n/locales/en.json' with { type: 'json' }
import nl from '../../src/i18n/locales/nl.json' with { type: 'json' }
import pl from '../../src/i18n/locales/pl.json' with { type: 'json' }
import tr from '../../src/i18n/locales/tr.json' with { type: 'json' }
import { appUrl } from './browser.ts'
import { latestMail, serviceClient } from './clients.ts'
import { DEMO_ADMIN, unusedCode } from './mfa.ts'

export const LOCALES = { nl, en, tr, ar, pl } as const
export type Lang = keyof typeof LOCALES

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const
export type ViewportName = keyof typeof VIEWPORTS

export const DEMO_PASSWORD = 'emmer-demo-2026'
export const DEMO = {
  bewoner: 'bewoner@emmer.local',
  buurvrouw: 'buurvrouw@emmer.local',
} as const

/**
 * A new resident with the demo password, for tests that post ideas: the database allows a
 * handful of new ideas per person per hour, so tests must not all post as the demo accounts.
 */
export async function createResident(
  name = 'Test Bewoner',
): Promise<{ email: string; id: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.test`
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    user_metadata: { display_name: name },
  })
  if (error) throw error
  return { email, id: data.user.id }
}

/** A UI string by dotted key, with {placeholders} filled in. */
export function msg(
  key: string,
  params: Record<string, string | number> = {},
  lang: Lang = 'nl',
): string {
  let value: unknown = LOCALES[lang]
  for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part]
  if (typeof value !== 'string') throw new Error(`No message "${key}" in ${lang}.json`)
  return value
    .replace(/@:\{'area\.(\w+)'\}/g, (_, name: string) => SEEDED_AREA[name] ?? `area.${name}`)
    .replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

/** The Dutch names of the reference seed's themes (public.themes.name, supabase/seed/reference.sql). */
export const SEEDED_THEMES: Record<string, string> = {
  perspectief: 'Perspectief',
  'fijne-buurt': 'Fijne buurt',
  'samen-leven': 'Samen leven',
  veiligheid: 'Veiligheid',
}

/**
 * What the texts' links to the settings (`@:{'area.name'}`, see src/i18n setAreaMessages) show on
 * the test stack: the reference seed's area and the database's rules.
 */
export const SEEDED_AREA: Record<string, string> = {
  name: 'Woensel-Zuid',
  city: 'Eindhoven',
  programme: 'Pact Woensel Zuid',
  answerDays: '14',
  ideaEditHours: '24',
  commentEditMinutes: '15',
  titleMin: '5',
  titleMax: '120',
  bodyMin: '20',
}

/** A Dutch plural message ("geen stemmen | 1 stem | {n} stemmen") for a count. */
export function plural(key: string, n: number, lang: Lang = 'nl'): string {
  const forms = msg(key, {}, lang)
    .split('|')
    .map((f) => f.trim())
  const form = forms.length === 3 ? forms[Math.min(n, 2)] : forms[forms.length - 1]
  return form.replace('{n}', String(n))
}

export interface Opened {
  context: BrowserContext
  page: Page
  /** Uncaught page errors, for a final `expect(errors).toEqual([])`. */
  errors: string[]
}

/** A fresh context (no storage) with the browser language and viewport of a resident. */
export async function openPage(
  browser: Browser,
  opts: { locale?: string; viewport?: ViewportName } = {},
): Promise<Opened> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'nl-NL',
    viewport: VIEWPORTS[opts.viewport ?? 'desktop'],
    acceptDownloads: true,
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

/** Goes to a path and waits until the app has mounted and the route's main heading is shown. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(appUrl(path))
  await page.locator('main h1').first().waitFor()
}

/** Waits until the predicate holds (polling), with a readable failure. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeout = 15_000,
) {
  await expect.poll(check, { timeout, message: what }).toBe(true)
}

/**
 * Waits until `get` gives a value (not undefined or null) and returns it. Unlike `until`, it
 * works in beforeAll too (expect.poll needs a test), so it asks again every 50 ms by itself.
 */
export async function untilFound<T>(
  get: () => Promise<T | undefined | null>,
  what: string,
  timeout = 15_000,
): Promise<T> {
  const end = Date.now() + timeout
  for (;;) {
    const found = await get()
    if (found != null) return found
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function waitForPath(page: Page, test: (path: string) => boolean, timeout = 15_000) {
  await page.waitForURL((url) => test(url.pathname), { timeout })
}

/** The 6-digit code of the newest mail to an address that differs from `before`. */
export async function codeFromMailbox(email: string, before?: string): Promise<string> {
  let code = ''
  await expect
    .poll(
      async () => {
        const mail = await latestMail(email)
        if (!mail || mail.text === before) return false
        code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? ''
        return code !== ''
      },
      { timeout: 15_000, message: `a code mail to ${email}` },
    )
    .toBe(true)
  return code
}

/**
 * Signs in on /inloggen with a code from the mailbox: one way in, for new and known addresses
 * alike. With `name`, the address is new: after the code the app asks for a name (and buurt).
 * Ends on the page the app sends you to (default /mijn).
 * Note: the stack sends one code mail per address per minute.
 */
export async function signInWithCode(
  page: Page,
  email: string,
  opts: { name?: string; next?: string; lang?: Lang } = {},
): Promise<void> {
  const lang = opts.lang ?? 'nl'
  const before = (await latestMail(email))?.text
  await visit(page, opts.next ? `/inloggen?next=${encodeURIComponent(opts.next)}` : '/inloggen')
  await page.getByLabel(msg('signIn.email', {}, lang), { exact: true }).fill(email)
  await page.getByRole('button', { name: msg('signIn.sendCode', {}, lang) }).click()
  const codeField = page.getByLabel(msg('signIn.code', {}, lang), { exact: true })
  await codeField.waitFor()
  await codeField.fill(await codeFromMailbox(email, before))
  await page.getByRole('button', { name: msg('signIn.verify', {}, lang), exact: true }).click()
  if (opts.name) {
    const nameField = page.getByLabel(msg('signIn.name', {}, lang), { exact: true })
    await nameField.fill(opts.name)
    await page.getByRole('button', { name: msg('signIn.saveName', {}, lang), exact: true }).click()
  }
  await waitForPath(page, (p) => p !== '/inloggen')
}

/** Signs in on /inloggen with e-mail and password (the demo accounts have one). */
export async function signInWithPassword(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  lang: Lang = 'nl',
): Promise<void> {
  await visit(page, '/inloggen')
  await page.getByRole('button', { name: msg('signIn.usePassword', {}, lang) }).click()
  await page.getByLabel(msg('signIn.email', {}, lang), { exact: true }).fill(email)
  await page.getByLabel(msg('signIn.password', {}, lang), { exact: true }).fill(password)
  await page
    .getByRole('button', { name: msg('signIn.signInPassword', {}, lang), exact: true })
    .click()
  await waitForPath(page, (p) => p !== '/inloggen')
}

/** Signs the demo admin in through the real UI (password, then a fresh code) and waits for /beheer. */
export async function signInAsDemoAdmin(page: Page): Promise<void> {
  await visit(page, '/inloggen?next=%2Fbeheer')
  await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
  await page.getByLabel(msg('signIn.email'), { exact: true }).fill(DEMO_ADMIN.email)
  await page.getByLabel(msg('signIn.password'), { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
  const code = page.getByLabel(msg('secondFactor.code'), { exact: true })
  await code.fill(await unusedCode(DEMO_ADMIN.factorId, DEMO_ADMIN.secret))
  await page.getByRole('button', { name: msg('secondFactor.signInContinue') }).click()
  await waitForPath(page, (p) => p === '/beheer')
}

/** The titles of the idea cards on the home list, in the order shown. */
export async function shownTitles(page: Page): Promise<string[]> {
  return (await page.locator('main .card-list h2').allInnerTexts()).map((t) => t.trim())
}

/** Waits until the home list is idle (no request in flight, not "loading"). */
export async function listSettled(page: Page): Promise<void> {
  await page.locator('main ul.card-list:not([aria-busy])').waitFor({ state: 'attached' })
}

export async function isVisible(locator: Locator): Promise<boolean> {
  return locator.isVisible().catch(() => false)
}

/** Opens the home page's filters (they sit behind one "Filters" button) unless already open. */
export async function openFilters(page: Page): Promise<void> {
  const toggle = page.getByTestId('filters-toggle')
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  await page.getByLabel(msg('filters.sort'), { exact: true }).waitFor()
}

/** Resolves when the page's realtime socket has joined `topic` (the join's ok reply). */
export function joined(page: Page, topic: string, timeoutMs = 15_000): Promise<void> {
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
