import { describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import CommentThread from './CommentThread.vue'

const api = vi.hoisted(() => ({ addComment: vi.fn(), updateComment: vi.fn() }))
vi.mock('@/api/comments', () => api)
const reports = vi.hoisted(() => ({ report: vi.fn() }))
vi.mock('@/api/reports', () => reports)
import { article, comments, names, nextOf, renderAs } from '@/testing/commentThread'

describe('CommentThread', () => {
  it('shows replies under their comment and offers reply only on first-level comments', async () => {
    await renderWithApp(CommentThread, {
      props: {
        ideaId: 'i1',
        comments,
        authorName: (id: string | null) => names[id ?? ''],
        signedIn: true,
      },
    })
    const replies = screen.getByRole('list', { name: 'Antwoord' })
    expect(within(replies).getByText('Mee eens.')).toBeTruthy()
    // One level only: the reply itself has no reply button.
    expect(screen.getAllByRole('button', { name: 'Reageer hierop' })).toHaveLength(1)
  })

  it('posts a reply with the parent comment id', async () => {
    api.addComment.mockResolvedValue(undefined)
    const { emitted } = await renderWithApp(CommentThread, {
      props: {
        ideaId: 'i1',
        comments,
        authorName: (id: string | null) => names[id ?? ''],
        signedIn: true,
      },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Reageer hierop' }))
    await userEvent.type(screen.getByLabelText('Je antwoord aan Fatima'), 'Ik help mee.')
    const form = screen.getByLabelText('Je antwoord aan Fatima').closest('form')!
    await userEvent.click(within(form).getByRole('button', { name: 'Reageer' }))
    await waitFor(() => expect(api.addComment).toHaveBeenCalled())
    expect(api.addComment.mock.calls[0][0]).toMatchObject({
      ideaId: 'i1',
      parentId: 'c1',
      body: 'Ik help mee.',
    })
    expect(emitted().posted).toBeTruthy()
  })

  it('says so when the comment is empty, without sending it', async () => {
    api.addComment.mockClear()
    await renderWithApp(CommentThread, {
      props: { ideaId: 'i1', comments: [], authorName: () => '', signedIn: true },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Reageer' }))
    expect(screen.getByText('Je reactie is leeg. Schrijf eerst iets.')).toBeTruthy()
    expect(api.addComment).not.toHaveBeenCalled()
  })
})

describe('CommentThread: signing in from a comment', () => {
  it('sends visitors to sign in and back to this idea, to comment or to report', async () => {
    await renderAs(null)
    const comment = screen.getByRole('link', { name: 'Log in om te reageren.' })
    expect(comment.getAttribute('href')).toMatch(/^\/inloggen\?/)
    expect(nextOf(comment)).toBe('/idee/i1')
    const report = within(article('Mee eens.')).getByRole('link', {
      name: 'Log in om een reactie te melden.',
    })
    expect(nextOf(report)).toBe('/idee/i1')
    expect(screen.queryByRole('button', { name: 'Meld deze reactie' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Pas aan' })).toBeNull()
  })
})
