// Per-comment actions in the thread (CommentEntry.vue): reporting someone else's comment and
// changing one's own within 15 minutes, rendered through CommentThread as on the idea page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'

const api = vi.hoisted(() => ({ addComment: vi.fn(), updateComment: vi.fn() }))
vi.mock('@/api/comments', () => api)
const reports = vi.hoisted(() => ({ report: vi.fn() }))
vi.mock('@/api/reports', () => reports)
import { article, minutesAgo, renderAs, thread } from '@/testing/commentThread'

describe('CommentThread: reporting a comment', () => {
  beforeEach(() => {
    reports.report.mockReset()
  })

  it("offers to report other people's comments, never one's own or a hidden one", async () => {
    const list = thread()
    list.push({ ...list[1], id: 'c4', body: 'Weg.', hidden_at: minutesAgo(1), author_id: 'a2' })
    await renderAs('a1', list)
    expect(
      within(article('Mee eens.')).getByRole('button', { name: 'Meld deze reactie' }),
    ).toBeTruthy()
    expect(within(article('Goed plan!')).queryByRole('button', { name: 'Meld deze reactie' })).toBe(
      null,
    )
    expect(screen.getAllByRole('button', { name: 'Meld deze reactie' })).toHaveLength(1)
  })

  it('sends a report about that comment and says the team will look at it', async () => {
    reports.report.mockResolvedValue(undefined)
    await renderAs('a1')
    const piet = article('Mee eens.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Meld deze reactie' }))
    const reason = within(piet).getByLabelText('Wat is er mis?')
    expect(document.activeElement).toBe(reason)
    await userEvent.type(reason, 'Dit is reclame.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Stuur je melding' }))
    await waitFor(() =>
      expect(within(piet).getByRole('status').textContent).toContain(
        'Dank je. Het team kijkt ernaar.',
      ),
    )
    expect(reports.report).toHaveBeenCalledWith({ commentId: 'c2' }, 'Dit is reclame.')
    expect(document.activeElement).toBe(within(piet).getByRole('status'))
  })

  it('asks for a reason before sending', async () => {
    await renderAs('a1')
    const piet = article('Mee eens.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Meld deze reactie' }))
    await userEvent.type(within(piet).getByLabelText('Wat is er mis?'), 'x')
    await userEvent.click(within(piet).getByRole('button', { name: 'Stuur je melding' }))
    expect(
      within(piet).getByText('Schrijf wat er mis is. Gebruik minstens 3 letters.'),
    ).toBeTruthy()
    expect(reports.report).not.toHaveBeenCalled()
  })

  it('says so plainly when the database refuses a second report by the same person', async () => {
    // What PostgREST answers for the unique (reporter_id, comment_id) constraint.
    reports.report.mockRejectedValue({
      code: '23505',
      message: 'duplicate key value violates unique constraint "reports_reporter_comment_key"',
      details: null,
      hint: null,
    })
    await renderAs('a1')
    const piet = article('Mee eens.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Meld deze reactie' }))
    await userEvent.type(within(piet).getByLabelText('Wat is er mis?'), 'Dit is reclame.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Stuur je melding' }))
    await waitFor(() =>
      expect(within(piet).getByRole('status').textContent).toContain(
        'Je hebt dit al gemeld. Het team kijkt ernaar.',
      ),
    )
    expect(within(piet).queryByText('Dank je. Het team kijkt ernaar.')).toBeNull()
  })

  it('shows the plain reason when sending fails otherwise, and keeps the text', async () => {
    reports.report.mockRejectedValue(new TypeError('Failed to fetch'))
    await renderAs('a1')
    const piet = article('Mee eens.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Meld deze reactie' }))
    await userEvent.type(within(piet).getByLabelText('Wat is er mis?'), 'Dit is reclame.')
    await userEvent.click(within(piet).getByRole('button', { name: 'Stuur je melding' }))
    await waitFor(() => expect(within(piet).getByText(/geen verbinding/)).toBeTruthy())
    expect((within(piet).getByLabelText('Wat is er mis?') as HTMLTextAreaElement).value).toBe(
      'Dit is reclame.',
    )
  })
})

describe('CommentThread: changing one’s own comment', () => {
  beforeEach(() => {
    api.updateComment.mockReset()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('offers "Pas aan" only on one’s own comments of the last 15 minutes', async () => {
    await renderAs('a1')
    expect(within(article('Goed plan!')).getByRole('button', { name: 'Pas aan' })).toBeTruthy()
    // An hour old: the database would refuse, so there is no button.
    expect(within(article('Ik heb een vraag.')).queryByRole('button', { name: 'Pas aan' })).toBe(
      null,
    )
    // Piet's reply is not Fatima's to change.
    expect(within(article('Mee eens.')).queryByRole('button', { name: 'Pas aan' })).toBeNull()
    expect(screen.getAllByRole('button', { name: 'Pas aan' })).toHaveLength(1)
  })

  it('saves the new text, shows it and puts focus back on "Pas aan"', async () => {
    api.updateComment.mockResolvedValue(undefined)
    const { emitted } = await renderAs('a1')
    await userEvent.click(within(article('Goed plan!')).getByRole('button', { name: 'Pas aan' }))
    const field = screen.getByLabelText('Pas je reactie aan') as HTMLTextAreaElement
    expect(document.activeElement).toBe(field)
    expect(field.value).toBe('Goed plan!')
    await userEvent.clear(field)
    await userEvent.type(field, 'Heel goed plan!')
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar' }))
    await waitFor(() => expect(screen.getByText('Heel goed plan!')).toBeTruthy())
    expect(api.updateComment).toHaveBeenCalledWith('c1', 'Heel goed plan!')
    expect(emitted().posted).toBeTruthy()
    expect(screen.queryByLabelText('Pas je reactie aan')).toBeNull()
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(article('Heel goed plan!')).getByRole('button', { name: 'Pas aan' }),
      ),
    )
  })

  it('refuses an empty text with the same message as a new comment', async () => {
    await renderAs('a1')
    await userEvent.click(within(article('Goed plan!')).getByRole('button', { name: 'Pas aan' }))
    await userEvent.clear(screen.getByLabelText('Pas je reactie aan'))
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar' }))
    expect(screen.getByText('Je reactie is leeg. Schrijf eerst iets.')).toBeTruthy()
    expect(api.updateComment).not.toHaveBeenCalled()
  })

  it('shows the plain message when the database says the 15 minutes are over', async () => {
    // What PostgREST answers from comments_before_update after the window.
    api.updateComment.mockRejectedValue({
      code: 'P0001',
      message: 'comment_edit_window_closed',
      details: 'A comment can be edited within 15 minutes.',
      hint: null,
    })
    await renderAs('a1')
    await userEvent.click(within(article('Goed plan!')).getByRole('button', { name: 'Pas aan' }))
    const field = screen.getByLabelText('Pas je reactie aan') as HTMLTextAreaElement
    await userEvent.type(field, ' Echt.')
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar' }))
    await waitFor(() =>
      expect(
        screen.getByText(
          'Je kunt je reactie niet meer aanpassen. Dat kan alleen de eerste 15 minuten.',
          { exact: false },
        ),
      ).toBeTruthy(),
    )
    // The text stays in the field so nothing is lost; the old comment is unchanged.
    expect(field.value).toBe('Goed plan! Echt.')
  })

  it('takes the button away once the 15 minutes have passed', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    await renderAs('a1')
    const own = article('Goed plan!')
    expect(within(own).getByRole('button', { name: 'Pas aan' })).toBeTruthy()
    // Written 5 minutes ago: still there after 9 more minutes, gone after 11.
    await vi.advanceTimersByTimeAsync(9 * 60_000)
    expect(within(own).queryByRole('button', { name: 'Pas aan' })).toBeTruthy()
    await vi.advanceTimersByTimeAsync(2 * 60_000)
    expect(within(own).queryByRole('button', { name: 'Pas aan' })).toBeNull()
  })
})
