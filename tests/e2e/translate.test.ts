// Reading in your own language (issue #14) in a real Chromium at 360 px and on a desktop, in Dutch
// and in Arabic:
// a signed-in resident opens a Turkish idea with a Turkish comment, presses "Vertaal naar het
// Nederlands" (or its Arabic twin) on both, sees the translation marked as made by a computer,
// and goes back with "Toon origineel". The Edge Function's DeepL secrets point at a local
// stand-in (tests/setup/e2e.ts), started here on that port.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { serviceClient, sql } from '../support/clients.ts'
import {
  DEMO_PASSWORD,
  msg,
  openPage,
  signInWithPassword,
  visit,
  type Lang,
} from '../support/e2e-pages.ts'
import { fakeTranslation, startTranslator } from '../support/translator.ts'
import { arrangeIdea } from '../support/users.ts'

let browser: Browser
let translator: Awaited<ReturnType<typeof startTranslator>>

beforeAll(async () => {
  translator = await startTranslator({ port: inject('translatorPort') })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await translator?.close()
})

async function resident(locale: Lang): Promise<string> {
  const email = `reader-${locale}-${randomUUID().slice(0, 8)}@example.test`
  const { error } = await serviceClient().auth.admin.createUser({
    email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    user_metadata: { display_name: 'Lezer', locale },
  })
  if (error) throw error
  return email
}

async function turkishIdea() {
  const tag = randomUUID().slice(0, 6)
  const title = `Parka bank ${tag}`
  const body = `Çocuklar için parka yeni bir bank koyalım (${tag}). Herkes oturabilir.`
  const comment = `Çok güzel bir fikir, katılıyorum (${tag}).`
  const id = await arrangeIdea(null, { title, body, language: 'tr' })
  await sql(`insert into public.comments (idea_id, body, language) values ($1, $2, 'tr')`, [
    id,
    comment,
  ])
  return { id, title, body, comment }
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
}

describe.each<[Lang, string, 'phone' | 'desktop']>([
  ['nl', 'nl-NL', 'phone'],
  ['ar', 'ar', 'phone'],
  ['nl', 'nl-NL', 'desktop'],
  ['ar', 'ar', 'desktop'],
])('Vertaal and Toon origineel (%s, %s)', (lang, browserLocale, viewport) => {
  it('on an idea and on a comment', async () => {
    const email = await resident(lang)
    const idea = await turkishIdea()
    const { page, context, errors } = await openPage(browser, {
      locale: browserLocale,
      viewport,
    })
    await signInWithPassword(page, email, DEMO_PASSWORD, lang)
    await visit(page, `/idee/${idea.id}`)
    await page.getByRole('heading', { level: 1, name: idea.title }).waitFor()
    const comment = page.locator('article.comment', { hasText: idea.comment })
    await comment.waitFor()

    const translate = msg('translate.button', {}, lang)
    const original = msg('translate.original', {}, lang)
    const machine = msg('translate.machine', {}, lang)
    const main = page.locator('main')

    // The idea: title and text together.
    const ideaButton = main.getByRole('button', { name: translate }).first()
    await ideaButton.click()
    const translatedTitle = fakeTranslation(idea.title, lang)
    await page.getByRole('heading', { level: 1, name: translatedTitle }).waitFor()
    await expect(page.locator('h1').getAttribute('lang')).resolves.toBe(lang)
    await main.getByText(fakeTranslation(idea.body, lang)).waitFor()
    await main.getByText(machine).first().waitFor()
    expect(translator.calls.filter((c) => c.text === idea.title)).toEqual([
      { api: 'deepl', text: idea.title, source: 'TR', target: lang === 'nl' ? 'NL' : 'AR' },
    ])

    // The comment.
    await comment.getByRole('button', { name: translate }).click()
    await comment.getByText(fakeTranslation(idea.comment, lang)).waitFor()
    await comment.getByText(machine).waitFor()

    await settle(page)
    await expectNoAxeViolations(page)

    // Back to the originals.
    await comment.getByRole('button', { name: original }).click()
    await comment.getByText(idea.comment, { exact: true }).waitFor()
    expect(await comment.getByText(machine).count()).toBe(0)
    await main.getByRole('button', { name: original }).first().click()
    await page.getByRole('heading', { level: 1, name: idea.title }).waitFor()
    await expect(page.locator('h1').getAttribute('lang')).resolves.toBe('tr')
    expect(await main.getByText(machine).count()).toBe(0)

    // Nothing wider than the screen: the buttons and notes wrap.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    expect(errors).toEqual([])
    await context.close()
  })
})
