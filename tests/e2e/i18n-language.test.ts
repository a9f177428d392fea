// Languages in the real app: the first visit follows the browser language, a choice made in the
// language switch is remembered across reloads, and the whole posting flow works in Arabic,
// right to left.
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserForTests } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { SEED } from '../support/users.ts'
import {
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  until,
  visit,
  waitForPath,
  type Lang,
} from '../support/e2e-pages.ts'

async function htmlLangDir(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }))
}

async function expectLanguage(page: Page, lang: Lang) {
  await until(async () => (await htmlLangDir(page)).lang === lang, `<html lang="${lang}">`)
  expect(await htmlLangDir(page)).toEqual({ lang, dir: lang === 'ar' ? 'rtl' : 'ltr' })
  await page.getByRole('navigation', { name: msg('nav.label', {}, lang) }).waitFor()
}

async function chooseLanguage(page: Page, from: Lang, to: Lang) {
  await page.getByLabel(msg('language.label', {}, from), { exact: true }).selectOption(to)
  await expectLanguage(page, to)
}

describe('language', () => {
  const browser = browserForTests()

  it('follows the browser language on a first visit: tr-TR gets Turkish', async () => {
    const { page, context, errors } = await openPage(browser, {
      locale: 'tr-TR',
      viewport: 'phone',
    })
    await visit(page, '/')
    await expectLanguage(page, 'tr')
    await page.getByRole('heading', { level: 1, name: msg('ideas.title', {}, 'tr') }).waitFor()
    expect(await page.title()).toContain(msg('ideas.title', {}, 'tr'))
    expect(errors).toEqual([])
    await context.close()
  })

  it('falls back to Dutch for a language Emmer does not have', async () => {
    const { page, context } = await openPage(browser, { locale: 'fr-FR' })
    await visit(page, '/')
    await expectLanguage(page, 'nl')
    await context.close()
  })

  it('remembers a chosen language across reloads, over the browser language', async () => {
    const { page, context, errors } = await openPage(browser, {
      locale: 'tr-TR',
      viewport: 'desktop',
    })
    await visit(page, '/over')
    await expectLanguage(page, 'tr')
    await chooseLanguage(page, 'tr', 'pl')
    await page.getByRole('heading', { level: 1, name: msg('about.title', {}, 'pl') }).waitFor()
    await page.reload()
    await expectLanguage(page, 'pl')
    await page.getByRole('heading', { level: 1, name: msg('about.title', {}, 'pl') }).waitFor()
    // And in a new tab of the same browser profile.
    const second = await context.newPage()
    await visit(second, '/')
    await expectLanguage(second, 'pl')
    await chooseLanguage(second, 'pl', 'nl')
    await second.reload()
    await expectLanguage(second, 'nl')
    expect(errors).toEqual([])
    await context.close()
  })

  it('posts an idea in Arabic, right to left, with Arabic labels', async () => {
    const { page, context, errors } = await openPage(browser, {
      locale: 'nl-NL',
      viewport: 'phone',
    })
    const resident = await createResident('Mariam')
    await visit(page, '/')
    await chooseLanguage(page, 'nl', 'ar')

    // Sign in, in Arabic.
    await visit(page, '/inloggen')
    await page.getByRole('heading', { level: 1, name: msg('signIn.title', {}, 'ar') }).waitFor()
    await page.getByRole('button', { name: msg('signIn.usePassword', {}, 'ar') }).click()
    await page.getByLabel(msg('signIn.email', {}, 'ar'), { exact: true }).fill(resident.email)
    await page.getByLabel(msg('signIn.password', {}, 'ar'), { exact: true }).fill(DEMO_PASSWORD)
    await page
      .getByRole('button', { name: msg('signIn.signInPassword', {}, 'ar'), exact: true })
      .click()
    await waitForPath(page, (p) => p !== '/inloggen')

    await visit(page, '/nieuw')
    await expectLanguage(page, 'ar')
    await page.getByRole('heading', { level: 1, name: msg('newIdea.title', {}, 'ar') }).waitFor()
    const title = `مقاعد في ساحة الحي ${randomUUID().slice(0, 4)}`
    const body = 'لا يوجد مكان للجلوس في الساحة. نريد مقعدين حتى يتحدث الجيران مع بعضهم.'
    const titleField = page.getByLabel(msg('newIdea.titleField', {}, 'ar'), { exact: true })
    await titleField.fill(title)
    await page.getByLabel(msg('newIdea.body', {}, 'ar'), { exact: true }).fill(body)
    await page
      .getByLabel(msg('newIdea.kind', {}, 'ar'), { exact: true })
      .selectOption({ label: msg('kind.idea', {}, 'ar') })
    await page
      .getByLabel(msg('newIdea.neighbourhood', {}, 'ar'), { exact: true })
      .selectOption({ label: 'Limbeek-Noord' })
    await page
      .getByLabel(msg('newIdea.theme', {}, 'ar'), { exact: true })
      // The theme's Arabic name, from public.themes.name (supabase/seed/reference.sql).
      .selectOption({ label: 'حي جميل' })
    // The resident's text runs right to left too.
    expect(await titleField.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl')

    await page.getByRole('button', { name: msg('newIdea.submit', {}, 'ar') }).click()
    await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
    await page.getByRole('heading', { level: 1, name: msg('posted.title', {}, 'ar') }).waitFor()
    await page.getByText(msg('posted.next2', {}, 'ar')).waitFor()
    expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl' })

    const id = new URL(page.url()).pathname.split('/').pop()
    const rows = await sql<{
      id: string
      body: string
      author_id: string
      neighbourhood_id: string
    }>('select id, body, author_id, neighbourhood_id from public.ideas where title = $1', [title])
    expect(rows).toEqual([
      {
        id,
        body,
        author_id: resident.id,
        neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
      },
    ])

    await page.getByRole('link', { name: msg('posted.see', {}, 'ar') }).click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
