// Shared arrangements for the comment-thread component tests (CommentThread.test.ts,
// CommentEntry.test.ts): a small thread, and rendering it on an idea page as someone or as a
// visitor. The API modules are mocked in each test file (vi.mock is per file).
import type { Session } from '@supabase/supabase-js'
import { screen } from '@testing-library/vue'
import type { Comment } from '@/api/comments'
import { useSessionStore } from '@/stores/session'
import { renderWithApp } from '@/testing/render'
import CommentThread from '@/components/ideas/CommentThread.vue'

export const comments: Comment[] = [
  {
    id: 'c1',
    idea_id: 'i1',
    author_id: 'a1',
    parent_id: null,
    body: 'Goed plan!',
    hidden_at: null,
    language: 'nl',
    created_at: '2026-05-01T10:00:00Z',
  },
  {
    id: 'c2',
    idea_id: 'i1',
    author_id: 'a2',
    parent_id: 'c1',
    body: 'Mee eens.',
    hidden_at: null,
    language: 'nl',
    created_at: '2026-05-01T11:00:00Z',
  },
]
export const names: Record<string, string> = { a1: 'Fatima', a2: 'Piet' }

export const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString()

/** Fatima (a1) wrote c1 a few minutes ago; Piet (a2) replied; Fatima's c3 is an hour old. */
export function thread(): Comment[] {
  return [
    { ...comments[0], created_at: minutesAgo(5) },
    { ...comments[1], created_at: minutesAgo(4) },
    {
      id: 'c3',
      idea_id: 'i1',
      author_id: 'a1',
      parent_id: null,
      body: 'Ik heb een vraag.',
      hidden_at: null,
      language: 'nl',
      created_at: minutesAgo(60),
    },
  ]
}

/** Renders the thread as someone signed in (their id), or as a visitor (null), on an idea page. */
export async function renderAs(userId: string | null, list: Comment[] = thread()) {
  const rendered = await renderWithApp(CommentThread, {
    props: {
      ideaId: 'i1',
      comments: list,
      authorName: (id: string | null) => names[id ?? ''] ?? 'Iemand',
      signedIn: userId !== null,
    },
  })
  if (userId) useSessionStore(rendered.pinia).session = { user: { id: userId } } as Session
  await rendered.router.push('/idee/i1')
  return rendered
}

/** The <article> of the comment with this text. */
export function article(text: string): HTMLElement {
  return screen.getByText(text).closest('article')!
}

export function nextOf(link: HTMLElement): string | null {
  return new URL(link.getAttribute('href')!, 'http://emmer.test').searchParams.get('next')
}
