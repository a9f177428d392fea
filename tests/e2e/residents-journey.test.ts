// A resident's whole journey in a real Chromium against the local stack: sign up with a code from
// the mailbox, write a draft that survives a reload, post the idea, vote, comment and reply, see a
// neighbour's comment arrive live, download their data and delete the account. The database is
// checked at each step (the idea is stored exactly once; the deleted account's idea stays, anonymised).
import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appUrl,
  browserForTests,
  launchBrowser,
  nextRealtimeSubscription,
} from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { SEED } from '../support/users.ts'
import {
  DEMO,
  msg,
  openPage,
  signInWithCode,
  signInWithPassword,
  until,
  visit,
  waitForPath,
  type Opened,
  SEEDED_THEMES,
} from '../support/e2e-pages.ts'

/** Resolves once the page's Realtime socket has joined a postgres_changes channel. */
describe('a new resident on a phone', () => {
  let browser: Browser
  let me: Opened
  const stamp = randomUUID().slice(0, 6)
  const email = `nieuwe-buur-${stamp}@example.test`
  const name = `Sanne ${stamp}`
  const title = `Moestuin achter de school ${stamp}`
  const body =
    'Achter de school ligt een stuk grond. Ik wil daar met buren groente kweken. Wie doet mee?'
  let ideaId = ''
  let userId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    me = await openPage(browser, { viewport: 'phone' })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('signs up with a code from the mailbox and gives a display name', async () => {
    await signInWithCode(me.page, email, { name })
    expect(new URL(me.page.url()).pathname).toBe('/mijn')
    await me.page.getByRole('heading', { level: 1, name: msg('my.title') }).waitFor()
    const [user] = await sql<{ id: string; display_name: string }>(
      `select u.id, p.display_name from auth.users u join public.profiles p on p.id = u.id where u.email = $1`,
      [email],
    )
    expect(user.display_name).toBe(name)
    userId = user.id
  })

  it('writes a draft that comes back after a reload', async () => {
    const { page } = me
    await visit(page, '/nieuw')
    await page.getByLabel(msg('newIdea.titleField'), { exact: true }).fill(title)
    await page.getByLabel(msg('newIdea.body'), { exact: true }).fill(body)
    await page
      .getByLabel(msg('newIdea.kind'), { exact: true })
      .selectOption({ label: msg('kind.initiative') })
    await page
      .getByLabel(msg('newIdea.neighbourhood'), { exact: true })
      .selectOption({ label: 'Limbeek-Noord' })
    await page
      .getByLabel(msg('newIdea.theme'), { exact: true })
      .selectOption({ label: SEEDED_THEMES['samen-leven'] })

    await page.reload()
    await page.getByText(msg('newIdea.draftRestored')).waitFor()
    expect(await page.getByLabel(msg('newIdea.titleField'), { exact: true }).inputValue()).toBe(
      title,
    )
    expect(await page.getByLabel(msg('newIdea.body'), { exact: true }).inputValue()).toBe(body)
    expect(await page.getByLabel(msg('newIdea.kind'), { exact: true }).inputValue()).toBe(
      'initiative',
    )
    expect(await page.getByLabel(msg('newIdea.neighbourhood'), { exact: true }).inputValue()).toBe(
      SEED.neighbourhoods.limbeekNoord,
    )
    expect(await page.getByLabel(msg('newIdea.theme'), { exact: true }).inputValue()).toBe(
      SEED.themes.samenLeven,
    )
  })

  it('posts the idea, is told what happens next, and it is stored exactly once', async () => {
    const { page } = me
    await page.getByRole('button', { name: msg('newIdea.submit') }).click()
    await waitForPath(page, (p) => p.startsWith('/nieuw/klaar/'))
    ideaId = new URL(page.url()).pathname.split('/').pop()!
    await page.getByRole('heading', { level: 1, name: msg('posted.title') }).waitFor()
    await page.getByRole('heading', { name: msg('posted.next') }).waitFor()
    const steps = await page.locator('main ol li').allInnerTexts()
    expect(steps).toEqual([
      msg('posted.next1'),
      msg('posted.next2'),
      msg('posted.next3'),
      msg('posted.next4'),
    ])

    const rows = await sql<{ id: string; author_id: string; kind: string; status: string }>(
      `select id, author_id, kind::text, status::text from public.ideas where title = $1`,
      [title],
    )
    expect(rows).toEqual([{ id: ideaId, author_id: userId, kind: 'initiative', status: 'new' }])
    // The draft is gone once the idea is in: a new form starts empty.
    expect(await page.evaluate(() => localStorage.getItem('emmer.ideaDraft'))).toBeNull()
  })

  it('votes on the idea, comments and replies', async () => {
    const { page } = me
    await page.getByRole('link', { name: msg('posted.see') }).click()
    await waitForPath(page, (p) => p === `/idee/${ideaId}`)
    await page.getByRole('heading', { level: 1, name: title }).waitFor()

    await page.getByRole('button', { name: msg('vote.vote'), exact: true }).click()
    await page.getByText(msg('vote.voted')).waitFor()
    await page.getByRole('button', { name: msg('vote.undo'), exact: true }).waitFor()
    await until(async () => {
      const [row] = await sql<{ vote_count: number; mine: string }>(
        `select vote_count, (select count(*) from public.votes v where v.idea_id = i.id and v.user_id = $2) mine
           from public.ideas i where i.id = $1`,
        [ideaId, userId],
      )
      return row.vote_count === 1 && row.mine === '1'
    }, 'one vote stored')

    const comment = 'Ik heb nog zaden over. Die geef ik graag.'
    await page.getByLabel(msg('comments.label'), { exact: true }).fill(comment)
    await page.getByRole('button', { name: msg('comments.add'), exact: true }).click()
    await page.locator('.comments__body', { hasText: comment }).waitFor()

    await page.getByRole('button', { name: msg('comments.reply') }).click()
    const replyField = page.getByLabel(msg('comments.replyLabel', { name }), { exact: true })
    const reply = 'En ik heb een gieter.'
    await replyField.fill(reply)
    await page
      .locator('form.comment-form')
      .filter({ has: replyField })
      .getByRole('button', { name: msg('comments.add'), exact: true })
      .click()
    await page.locator('.comments__replies .comments__body', { hasText: reply }).waitFor()

    const stored = await sql<{ body: string; parent: boolean }>(
      `select body, parent_id is not null as parent from public.comments where idea_id = $1 order by created_at`,
      [ideaId],
    )
    expect(stored).toEqual([
      { body: comment, parent: false },
      { body: reply, parent: true },
    ])
  })

  it("sees a neighbour's comment arrive live, without reloading", async () => {
    const joined = nextRealtimeSubscription(me.page, `idea:${ideaId}`)
    await me.page.reload()
    await me.page.getByRole('heading', { level: 1, name: title }).waitFor()
    await joined
    await me.page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true))

    const neighbour = await openPage(browser, { viewport: 'desktop' })
    await signInWithPassword(neighbour.page, DEMO.buurvrouw)
    await visit(neighbour.page, `/idee/${ideaId}`)
    const text = `Leuk! Ik help op zaterdag. ${randomUUID().slice(0, 4)}`
    await neighbour.page.getByLabel(msg('comments.label'), { exact: true }).fill(text)
    await neighbour.page.getByRole('button', { name: msg('comments.add'), exact: true }).click()
    await neighbour.page.locator('.comments__body', { hasText: text }).waitFor()
    await neighbour.context.close()

    await me.page.locator('.comments__body', { hasText: text }).waitFor({ timeout: 10_000 })
    expect(
      await me.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
    ).toBe(true)
    const [{ n }] = await sql<{ n: string }>(
      `select count(*) n from public.comments where idea_id = $1 and body = $2 and author_id = $3`,
      [ideaId, text, SEED.users.buurvrouw],
    )
    expect(n).toBe('1')
  })

  it('downloads their data as JSON that contains their idea', async () => {
    const { page } = me
    await visit(page, '/mijn')
    await page
      .getByRole('region', { name: msg('my.ideas') })
      .getByRole('link', { name: title })
      .waitFor()
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: msg('my.download') }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.json$/)
    const data = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
      account: { email: string }
      profile: { display_name: string }
      ideas: { id: string; title: string; body: string }[]
      comments: { body: string }[]
      votes: { idea_id: string }[]
    }
    expect(data.account.email).toBe(email)
    expect(data.profile.display_name).toBe(name)
    expect(data.ideas).toEqual([expect.objectContaining({ id: ideaId, title, body })])
    expect(data.comments).toHaveLength(2)
    expect(data.votes).toEqual([expect.objectContaining({ idea_id: ideaId })])
    await page.getByText(msg('my.downloadDone')).waitFor()
  })

  it('deletes the account after a confirmation; the idea stays, anonymised', async () => {
    const { page } = me
    await page.getByRole('button', { name: msg('my.delete') }).click()
    const question = page.getByRole('group', { name: msg('my.deleteQuestion') })
    await question.waitFor()
    // Nothing is deleted before the second, explicit yes.
    expect(await sql('select 1 from auth.users where email = $1', [email])).toHaveLength(1)
    await question.getByRole('button', { name: msg('my.deleteConfirm') }).click()
    await waitForPath(page, (p) => p === '/')
    await page.getByRole('link', { name: msg('nav.signIn') }).waitFor()

    expect(await sql('select 1 from auth.users where email = $1', [email])).toHaveLength(0)
    expect(await sql('select 1 from public.profiles where id = $1', [userId])).toHaveLength(0)
    const [idea] = await sql<{ author_id: string | null; title: string; vote_count: number }>(
      'select author_id, title, vote_count from public.ideas where id = $1',
      [ideaId],
    )
    expect(idea).toEqual({ author_id: null, title, vote_count: 0 })

    // A visitor still reads the idea and the comments, without the old name.
    const visitor = await openPage(browser, { viewport: 'phone' })
    await visitor.page.goto(appUrl(`/idee/${ideaId}`))
    await visitor.page.getByRole('heading', { level: 1, name: title }).waitFor()
    await visitor.page.getByText(msg('idea.author', { name: msg('common.anonymous') })).waitFor()
    await visitor.page.getByText('Ik heb nog zaden over.').waitFor()
    expect(await visitor.page.locator('main').innerText()).not.toContain(name)
    await visitor.context.close()
  })

  it('starts afresh with that address: a new, empty account, nothing of the old one', async () => {
    // One way in: the address gets a code like any other, never "we do not know this address".
    const stranger = await openPage(browser, { viewport: 'phone' })
    const { page } = stranger
    await visit(page, '/inloggen')
    await page.getByLabel(msg('signIn.email'), { exact: true }).fill(email)
    await page.getByRole('button', { name: msg('signIn.sendCode') }).click()
    await page.getByLabel(msg('signIn.code'), { exact: true }).waitFor()
    const rows = await sql<{ id: string; confirmed: boolean }>(
      'select id, email_confirmed_at is not null as confirmed from auth.users where email = $1',
      [email],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0].id).not.toBe(userId)
    expect(rows[0].confirmed).toBe(false)
    expect(await sql('select 1 from public.profiles where id = $1', [userId])).toHaveLength(0)
    await stranger.context.close()
    expect(me.errors).toEqual([])
  })
})

describe('the demo resident on a desktop', () => {
  const browser = browserForTests()

  it('signs in with a code from the mailbox and finds their own ideas on My page', async () => {
    const { page, context, errors } = await openPage(browser, { viewport: 'desktop' })
    await signInWithCode(page, DEMO.bewoner)
    expect(new URL(page.url()).pathname).toBe('/mijn')
    const mine = await sql<{ title: string }>(
      'select title from public.ideas where author_id = $1 order by created_at desc',
      [SEED.users.bewoner],
    )
    expect(mine.length).toBeGreaterThan(0)
    const section = page.getByRole('region', { name: msg('my.ideas') })
    await section.getByRole('link', { name: mine[0].title }).waitFor()
    expect((await section.getByRole('link').allInnerTexts()).map((t) => t.trim())).toEqual(
      mine.map((m) => m.title),
    )
    expect(errors).toEqual([])
    await context.close()
  })
})
