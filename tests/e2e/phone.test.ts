// A resident's first minutes on a phone (issue #14), at 360 × 780 and on a desktop, in Dutch and
// in Arabic: ideas first, filters behind one button with chips, a name that stays whole, clear
// voting, and "Lees voor".
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea, SEED } from '../support/users.ts'
import {
  createResident,
  listSettled,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
  type Lang,
} from '../support/e2e-pages.ts'

const SIZES = {
  phone: { width: 360, height: 780 },
  desktop: { width: 1280, height: 800 },
} as const

/**
 * Headless Chromium has no speech voices, and the speech engine is the browser's, outside Emmer.
 * This init script gives the page a recording `speechSynthesis` with one Dutch and one Arabic
 * voice (announced late, through `voiceschanged`, as real browsers do), so the test sees whether
 * "Lees voor" is offered and exactly what Emmer asks the browser to say, in which voice.
 */
function recordingSpeech() {
  const voices = [
    { name: 'Test Nederlands', lang: 'nl-NL', default: false, localService: true, voiceURI: 'nl' },
    { name: 'Test العربية', lang: 'ar-SA', default: false, localService: true, voiceURI: 'ar' },
  ]
  const calls: { call: string; text?: string; lang?: string; voice?: string }[] = []
  const synth = new EventTarget() as EventTarget & Record<string, unknown>
  let loaded = false
  synth.getVoices = () => (loaded ? voices : [])
  synth.speak = (u: { text: string; lang: string; voice: { name: string } }) =>
    calls.push({ call: 'speak', text: u.text, lang: u.lang, voice: u.voice?.name })
  synth.pause = () => calls.push({ call: 'pause' })
  synth.resume = () => calls.push({ call: 'resume' })
  synth.cancel = () => calls.push({ call: 'cancel' })
  Object.defineProperty(window, 'speechSynthesis', { value: synth })
  // Chromium's own utterance accepts only its own voice objects.
  ;(window as unknown as Record<string, unknown>).SpeechSynthesisUtterance = class {
    lang = ''
    voice: unknown = null
    onend: (() => void) | null = null
    onerror: (() => void) | null = null
    constructor(public text: string) {}
  }
  ;(window as unknown as { __speech: unknown }).__speech = calls
  setTimeout(() => {
    loaded = true
    synth.dispatchEvent(new Event('voiceschanged'))
  }, 50)
}

type Spoken = { call: string; text?: string; lang?: string; voice?: string }
const spoken = (page: Page) =>
  page.evaluate(() => (window as unknown as { __speech: Spoken[] }).__speech)

const CASES = [
  ['nl', 'nl-NL', 'phone'],
  ['nl', 'nl-NL', 'desktop'],
  ['ar', 'ar', 'phone'],
  ['ar', 'ar', 'desktop'],
] as const

describe.each(CASES)('a first visit in %s (%s) on a %s', (lang: Lang, locale, size) => {
  let browser: Browser
  let page: Page
  let errors: string[]
  const m = (key: string, params: Record<string, string | number> = {}) => msg(key, params, lang)

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser, { locale }))
    await page.setViewportSize(SIZES[size])
    await page.addInitScript(recordingSpeech)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows the search box and the first idea title on the first screen, the name whole', async () => {
    await visit(page, '/')
    await listSettled(page)
    // One word on one line: "Emme / r" would have two line boxes.
    const lines = await page.locator('.app-header__name').evaluate((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      return range.getClientRects().length
    })
    expect(lines).toBe(1)
    const search = page.getByRole('searchbox', { name: m('filters.search') })
    const firstTitle = page.locator('main .card-list h2').first()
    for (const shown of [search, firstTitle]) {
      const box = (await shown.boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(SIZES[size].height)
    }
    // The other filters wait behind one button.
    expect(await page.getByLabel(m('filters.theme'), { exact: true }).isVisible()).toBe(false)
    await expectNoAxeViolations(page)
  })

  it('opens the filters, counts the active ones and removes one with its chip', async () => {
    const toggle = page.getByTestId('filters-toggle')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await page.getByLabel(m('filters.theme'), { exact: true }).selectOption(SEED.themes.fijneBuurt)
    await page
      .getByLabel(m('filters.kind'), { exact: true })
      .selectOption({ label: m('kind.idea') })
    await expect.poll(() => toggle.innerText()).toContain('2')
    const chips = page.getByRole('list', { name: m('filters.activeList') })
    await expect.poll(() => chips.getByRole('button').count()).toBe(2)
    await expectNoAxeViolations(page)
    await chips.getByRole('button').first().click()
    // Focus moves on to the chip that is left, then to the Filters button.
    await expect.poll(() => chips.getByRole('button').count()).toBe(1)
    expect(
      await chips
        .getByRole('button')
        .first()
        .evaluate((el) => el === document.activeElement),
    ).toBe(true)
    await chips.getByRole('button').first().click()
    await expect.poll(() => toggle.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await chips.count()).toBe(0)
    await expect.poll(() => new URL(page.url()).search).toBe('')
  })

  it('reads an idea aloud in a voice of the page language, with pause and stop', async () => {
    await visit(page, `/idee/${SEED.idea(1)}`)
    const title = (await page.locator('main h1').innerText()).trim()
    const read = page.getByRole('button', {
      name: `${m('readAloud.start')}: ${m('readAloud.idea')}`,
    })
    await read.click()
    await page.getByRole('button', { name: m('readAloud.pause'), exact: true }).click()
    await page.getByRole('button', { name: m('readAloud.resume'), exact: true }).click()
    await page.getByRole('button', { name: m('readAloud.stop'), exact: true }).click()
    const calls = await spoken(page)
    const speak = calls.find((c) => c.call === 'speak')!
    expect(speak.text?.startsWith(`${title}.`)).toBe(true)
    expect(speak.lang).toBe(lang === 'nl' ? 'nl-NL' : 'ar-SA')
    expect(calls.map((c) => c.call).slice(-3)).toEqual(['pause', 'resume', 'cancel'])
    await expectNoAxeViolations(page)
  })

  it("reads the team's answer aloud, on its own button, in the page language", async () => {
    const id = await arrangeIdea(null, {
      title: `Lantaarn bij de speeltuin ${lang} ${size}`,
      body: 'Het is daar donker als de kinderen naar huis lopen.',
    })
    const answer = `We zetten er in maart een lantaarn neer (${lang} ${size}).`
    await sql(
      `insert into public.idea_updates (idea_id, status, message) values ($1, 'in_progress', $2)`,
      [id, answer],
    )
    await visit(page, `/idee/${id}`)
    await page.getByText(answer).waitFor()
    await page
      .getByRole('button', { name: `${m('readAloud.start')}: ${m('readAloud.answer')}` })
      .click()
    const speak = (await spoken(page)).filter((c) => c.call === 'speak').at(-1)!
    expect(speak.text).toBe(answer)
    expect(speak.lang).toBe(lang === 'nl' ? 'nl-NL' : 'ar-SA')
    await page.getByRole('button', { name: m('readAloud.stop'), exact: true }).click()
    await expectNoAxeViolations(page)
  })

  it('reads the About page aloud, without the buttons', async () => {
    await visit(page, '/over')
    await page
      .getByRole('button', { name: `${m('readAloud.start')}: ${m('readAloud.page')}` })
      .click()
    const speak = (await spoken(page)).filter((c) => c.call === 'speak').at(-1)!
    expect(speak.text).toContain(m('about.title'))
    expect(speak.text).toContain(m('about.who'))
    expect(speak.text).not.toContain(m('readAloud.start'))
  })

  it('offers no "Lees voor" where the browser has no voice (headless Chromium has none)', async () => {
    const bare = await browser.newPage({ locale, viewport: SIZES[size] })
    await visit(bare, '/over')
    await bare.locator('[data-testid="trust-figures"]').waitFor()
    expect(await bare.locator('[data-testid="read-aloud"]').count()).toBe(0)
    await bare.close()
  })

  it('votes, says so, and takes the vote back only with its own button', async () => {
    const person = await createResident(`Stemmer ${lang} ${size}`)
    await signInWithPassword(page, person.email, undefined, lang)
    await visit(page, `/idee/${SEED.idea(2)}`)
    await page.getByRole('button', { name: m('vote.vote'), exact: true }).click()
    const undo = page.getByRole('button', { name: m('vote.undo'), exact: true })
    await undo.waitFor()
    await expect.poll(() => page.getByTestId('announcer').innerText()).toContain(m('vote.counted'))
    const votes = () =>
      sql('select 1 from public.votes where idea_id = $1 and user_id = $2', [
        SEED.idea(2),
        person.id,
      ])
    await until(async () => (await votes()).length === 1, 'the vote is stored')
    // Pressing where "Stem" was, again, does not take the vote back.
    expect(await page.getByRole('button', { name: m('vote.vote'), exact: true }).count()).toBe(0)
    await expectNoAxeViolations(page)
    await undo.click()
    await page.getByRole('button', { name: m('vote.vote'), exact: true }).waitFor()
    await expect.poll(() => page.getByTestId('announcer').innerText()).toContain(m('vote.undone'))
    await until(async () => (await votes()).length === 0, 'the vote is gone')
    expect(errors).toEqual([])
  })
})
