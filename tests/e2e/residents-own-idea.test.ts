// An author fixes one of their ideas and withdraws another, in a real Chromium against the local
// stack; and the denied paths: a neighbour sees no author buttons, an idea with someone else's
// vote cannot be withdrawn and says so, also when the vote arrives while the author is deciding.
// The database is checked after each step; SQL only to arrange and to inspect.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { sql } from '../support/clients.ts'
import { arrangeIdea } from '../support/users.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
  waitForPath,
  type Opened,
} from '../support/e2e-pages.ts'

const stamp = randomUUID().slice(0, 6)
const titleOf = (what: string) => `${what} ${stamp}`
const exists = async (id: string) =>
  (await sql('select 1 from public.ideas where id = $1', [id])).length === 1
/** Withdrawn: the row stays (for the team), out of everyone else's sight. */
const withdrawn = async (id: string) =>
  (await sql('select 1 from public.ideas where id = $1 and withdrawn_at is not null', [id]))
    .length === 1

describe('an author changes and withdraws their own ideas', () => {
  const browser = browserForTests()
  let author: Opened
  let neighbour: Opened
  let authorId = ''
  let neighbourId = ''
  const ideas = { edit: '', withdraw: '', voted: '', votedLater: '' }

  beforeAll(async () => {
    const [a, n] = await Promise.all([createResident('Auteur'), createResident('Buurman')])
    authorId = a.id
    neighbourId = n.id
    ideas.edit = await arrangeIdea(authorId, { title: titleOf('Bankje bij de school') })
    ideas.withdraw = await arrangeIdea(authorId, { title: titleOf('Een dubbel idee') })
    ideas.voted = await arrangeIdea(authorId, { title: titleOf('Meer bomen') })
    ideas.votedLater = await arrangeIdea(authorId, { title: titleOf('Een moestuin') })
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [
      ideas.voted,
      neighbourId,
    ])
    author = await openPage(browser)
    neighbour = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(author.page, a.email)
    await signInWithPassword(neighbour.page, n.email)
  })

  it('changes the title and text, keeps the B1 hint, and the database has the new text', async () => {
    const { page } = author
    await visit(page, `/idee/${ideas.edit}`)
    await page.getByRole('heading', { level: 2, name: msg('ideaOwner.title') }).waitFor()
    await page.getByRole('button', { name: msg('ideaOwner.edit') }).click()
    const title = page.getByLabel(msg('newIdea.titleField'), { exact: true })
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)

    // The form's own check comes first, in B1, and sends nothing.
    await title.fill('Kort')
    await page.getByRole('button', { name: msg('ideaOwner.save') }).click()
    await page.getByText(msg('errors.titleTooShort')).waitFor()

    const newTitle = titleOf('Twee bankjes bij de school')
    const newBody =
      'Ouders wachten elke middag bij het hek. Twee bankjes zouden fijn zijn. Dan kunnen ook opa en oma zitten.'
    await title.fill(newTitle)
    await page.getByLabel(msg('newIdea.body'), { exact: true }).fill(newBody)
    await page.getByText(`${msg('readability.label')}:`).waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: msg('ideaOwner.save') }).click()

    await page.getByRole('heading', { level: 1, name: newTitle }).waitFor()
    await until(
      async () =>
        (await page.getByTestId('announcer').innerText()).trim() === msg('ideaOwner.saved'),
      'the change is announced',
    )
    const [row] = await sql('select title, body from public.ideas where id = $1', [ideas.edit])
    expect(row).toEqual({ title: newTitle, body: newBody })
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('emmer.ideaEdit.')),
      ),
    ).toEqual([])
  })

  it('withdraws another idea after a clear question, and lands on the list with a message', async () => {
    const { page } = author
    // A neighbour has the list open with this idea on it (searched by its unique title).
    await visit(neighbour.page, `/?q=${encodeURIComponent(titleOf('dubbel'))}`)
    const onNeighboursList = neighbour.page
      .locator('article')
      .filter({ hasText: titleOf('Een dubbel idee') })
    await onNeighboursList.waitFor()
    // A fresh page load: the list has not loaded yet, so its own "n ideas" message comes too.
    await visit(page, `/idee/${ideas.withdraw}`)
    await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).click()
    const question = page.getByRole('group', { name: msg('ideaOwner.withdrawQuestion') })
    await question.getByText(msg('ideaOwner.withdrawExplain')).waitFor()
    await expectNoAxeViolations(page)

    // "No" changes nothing.
    await page.getByRole('button', { name: msg('ideaOwner.withdrawCancel') }).click()
    expect(await withdrawn(ideas.withdraw)).toBe(false)

    await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).click()
    await page.getByRole('button', { name: msg('ideaOwner.withdrawConfirm') }).click()
    await waitForPath(page, (p) => p === '/')
    await until(
      async () =>
        (await page.getByTestId('announcer').innerText()).trim() === msg('ideaOwner.withdrawn'),
      'the withdrawal is announced on the list',
    )
    expect(await withdrawn(ideas.withdraw)).toBe(true)
    expect(await page.getByText(titleOf('Een dubbel idee')).count()).toBe(0)
    // It leaves the neighbour's list live, without a reload.
    await until(
      async () => (await onNeighboursList.count()) === 0,
      "gone from the neighbour's list",
    )
    expect(author.errors).toEqual([])
  })

  it('shows a neighbour no author buttons, and the database refuses them too', async () => {
    const { page } = neighbour
    await visit(page, `/idee/${ideas.edit}`)
    // Signed in: the follow button is there, so the page knows who is reading.
    await page.getByRole('button', { name: msg('idea.follow') }).waitFor()
    expect(await page.getByRole('button', { name: msg('ideaOwner.edit') }).count()).toBe(0)
    expect(await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: msg('ideaOwner.title') }).count()).toBe(0)
  })

  it('does not offer to withdraw an idea someone else voted on, and says why', async () => {
    const { page } = author
    await visit(page, `/idee/${ideas.voted}`)
    await page.getByText(msg('errors.ideaWithdrawHasVotes')).waitFor()
    expect(await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).count()).toBe(0)
    // Changing the text is still allowed.
    await page.getByRole('button', { name: msg('ideaOwner.edit') }).waitFor()
  })

  it('refuses in B1 when someone votes while the author is deciding; the idea stays', async () => {
    const { page } = author
    await visit(page, `/idee/${ideas.votedLater}`)
    await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).click()
    await page.getByRole('group', { name: msg('ideaOwner.withdrawQuestion') }).waitFor()
    await sql('insert into public.votes (idea_id, user_id) values ($1, $2)', [
      ideas.votedLater,
      neighbourId,
    ])
    await page.getByRole('button', { name: msg('ideaOwner.withdrawConfirm') }).click()
    await page.getByRole('alert').getByText(msg('errors.ideaWithdrawHasVotes')).waitFor()
    expect(new URL(page.url()).pathname).toBe(`/idee/${ideas.votedLater}`)
    expect(await exists(ideas.votedLater)).toBe(true)
    expect(await withdrawn(ideas.votedLater)).toBe(false)

    // Back on the page, the reason stays in view and the button is gone.
    await page.getByRole('button', { name: msg('ideaOwner.withdrawCancel') }).click()
    await page.getByText(msg('errors.ideaWithdrawHasVotes')).waitFor()
    await until(
      async () =>
        (await page.getByRole('button', { name: msg('ideaOwner.withdraw') }).count()) === 0,
      'no withdraw button once someone else voted',
    )
    expect(author.errors).toEqual([])
  })
})
