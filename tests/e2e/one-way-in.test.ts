// One way in (issue #14): an address and a code, for new and known people alike; a new person
// chooses a name and buurt after the code; everyone goes back to the page they came from (only a
// path inside the app). Magic links use PKCE: no token in any URL, and a link opened in another
// browser lands on a calm page that asks for the code instead. nl and ar, phone and desktop.
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { appUrl, browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { latestMail, sql } from '../support/clients.ts'
import {
  codeFromMailbox,
  createResident,
  DEMO_PASSWORD,
  msg,
  openPage,
  visit,
  waitForPath,
  type Lang,
  type Opened,
  type ViewportName,
} from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'

const IDEA = `/idee/${SEED.idea(1)}`

const combos: [Lang, ViewportName][] = [
  ['nl', 'phone'],
  ['nl', 'desktop'],
  ['ar', 'phone'],
  ['ar', 'desktop'],
]

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
}

function linkIn(text: string): string {
  const m = /(https?:\/\/\S+\/auth\/v1\/verify\?\S+)/.exec(text)
  if (!m) throw new Error(`no link in mail:\n${text}`)
  return m[1]
}

describe.each(combos)('one way in (%s, %s)', (lang, viewport) => {
  const browser = browserForTests()
  let me: Opened
  const t = (key: string, params: Record<string, string> = {}) => msg(key, params, lang)
  const locale = lang === 'ar' ? 'ar' : 'nl-NL'

  beforeAll(async () => {
    me = await openPage(browser, { locale, viewport })
  })

  it('a new address gets a code, then chooses a name and buurt, and is back on the idea', async () => {
    const { page } = me
    const email = `nieuw-${lang}-${viewport}-${randomUUID().slice(0, 6)}@example.test`
    const name = `Nieuwe buur ${randomUUID().slice(0, 4)}`
    await visit(page, `/inloggen?next=${encodeURIComponent(IDEA)}`)
    expect(await page.getByRole('checkbox').count()).toBe(0)
    await page.getByText(t('signIn.introNew')).waitFor()
    await page.getByLabel(t('signIn.email'), { exact: true }).fill(email)
    await page.getByRole('button', { name: t('signIn.sendCode') }).click()
    const codeField = page.getByLabel(t('signIn.code'), { exact: true })
    await codeField.waitFor()
    await expectNoAxeViolations(page)
    await codeField.fill(await codeFromMailbox(email))
    await page.getByRole('button', { name: t('signIn.verify'), exact: true }).click()

    await page.getByRole('heading', { level: 1, name: t('signIn.nameTitle') }).waitFor()
    await settle(page)
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: t('signIn.saveName'), exact: true }).click()
    await page.getByText(t('signIn.nameMissing')).first().waitFor()
    await expectNoAxeViolations(page)
    await page.getByLabel(t('signIn.name'), { exact: true }).fill(name)
    await page
      .getByLabel(t('signIn.neighbourhood'), { exact: true })
      .selectOption({ label: 'Limbeek-Noord' })
    await page.getByRole('button', { name: t('signIn.saveName'), exact: true }).click()
    await waitForPath(page, (p) => p === IDEA)

    const [row] = await sql<{ display_name: string; hood: string; confirmed: boolean }>(
      `select p.display_name, n.name as hood, u.email_confirmed_at is not null as confirmed
         from auth.users u join public.profiles p on p.id = u.id
         left join public.neighbourhoods n on n.id = p.neighbourhood_id where u.email = $1`,
      [email],
    )
    expect(row).toEqual({ display_name: name, hood: 'Limbeek-Noord', confirmed: true })
    expect(me.errors).toEqual([])
  })

  it('a magic link opened in another browser offers the code, calmly', async () => {
    const resident = await createResident('Link Elders')
    const asker = await openPage(browser, { locale, viewport })
    await visit(asker.page, '/inloggen?next=%2Fover')
    await asker.page.getByLabel(t('signIn.email'), { exact: true }).fill(resident.email)
    await asker.page.getByRole('button', { name: t('signIn.sendCode') }).click()
    await asker.page.getByLabel(t('signIn.code'), { exact: true }).waitFor()
    const code = await codeFromMailbox(resident.email)
    const link = linkIn((await latestMail(resident.email))!.text)
    await asker.context.close()

    // Another browser: no code verifier here, so the link cannot sign in by itself.
    const other = await openPage(browser, { locale, viewport })
    await other.page.goto(link)
    await other.page.getByRole('heading', { name: t('signIn.elsewhereTitle') }).waitFor()
    expect(other.page.url()).not.toContain('access_token')
    expect(await other.page.getByRole('alert').count()).toBe(0)
    await settle(other.page)
    await expectNoAxeViolations(other.page)
    await other.page.getByLabel(t('signIn.email'), { exact: true }).fill(resident.email)
    await other.page.getByLabel(t('signIn.code'), { exact: true }).fill(code)
    await other.page.getByRole('button', { name: t('signIn.verify'), exact: true }).click()
    await waitForPath(other.page, (p) => p === '/over')
    await other.context.close()
  })
})

describe('magic link and return path', () => {
  const browser = browserForTests()

  it('a magic link in the same browser signs in with no token in any URL', async () => {
    const resident = await createResident('Link Zelf')
    const { page, context } = await openPage(browser, { viewport: 'phone' })
    const seen: string[] = []
    page.on('framenavigated', (f) => f === page.mainFrame() && seen.push(f.url()))
    await visit(page, `/inloggen?next=${encodeURIComponent(IDEA)}`)
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(resident.email)
    await page.getByRole('button', { name: msg('signIn.sendCode') }).click()
    await page.getByLabel(msg('signIn.code'), { exact: true }).waitFor()
    await codeFromMailbox(resident.email)
    await page.goto(linkIn((await latestMail(resident.email))!.text))
    await waitForPath(page, (p) => p === IDEA)
    expect(seen.some((u) => u.includes('?code=') || u.includes('&code='))).toBe(true)
    expect(seen.filter((u) => /access_token|refresh_token/.test(u))).toEqual([])
    const stored = await page.evaluate(() => JSON.stringify(window.localStorage))
    expect(stored).toContain(resident.id)
    await context.close()
  })

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example'])(
    'never sends anyone to another site after signing in (next=%s)',
    async (next) => {
      const resident = await createResident('Omleiding')
      const { page, context } = await openPage(browser, { viewport: 'desktop' })
      await page.goto(appUrl(`/inloggen?next=${encodeURIComponent(next)}`))
      await page.locator('main h1').first().waitFor()
      await page.getByRole('button', { name: msg('signIn.usePassword') }).click()
      await page.getByLabel(msg('signIn.email'), { exact: true }).fill(resident.email)
      await page.getByLabel(msg('signIn.password'), { exact: true }).fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: msg('signIn.signInPassword'), exact: true }).click()
      await waitForPath(page, (p) => p === '/mijn')
      expect(new URL(page.url()).origin).toBe(new URL(appUrl()).origin)
      await context.close()
    },
  )
})
