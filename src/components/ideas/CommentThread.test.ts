import { describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import type { Comment } from '@/api/comments'
import { renderWithApp } from '@/testing/render'
import CommentThread from './CommentThread.vue'

const api = vi.hoisted(() => ({ addComment: vi.fn() }))
vi.mock('@/api/comments', () => api)

const comments: Comment[] = [
  {
    id: 'c1',
    idea_id: 'i1',
    author_id: 'a1',
    parent_id: null,
    body: 'Goed plan!',
    hidden_at: null,
    created_at: '2026-05-01T10:00:00Z',
  },
  {
    id: 'c2',
    idea_id: 'i1',
    author_id: 'a2',
    parent_id: 'c1',
    body: 'Mee eens.',
    hidden_at: null,
    created_at: '2026-05-01T11:00:00Z',
  },
]
const names: Record<string, string> = { a1: 'Fatima', a2: 'Piet' }

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
