import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useFollowsStore } from '@/stores/follows'
import { useMyActivity } from './useMyActivity'

const api = vi.hoisted(() => ({
  listIdeasByAuthor: vi.fn(),
  listIdeasByIds: vi.fn(),
  listCommentsByAuthor: vi.fn(),
  listFollows: vi.fn(),
}))
vi.mock('@/api/ideas', () => ({
  listIdeasByAuthor: api.listIdeasByAuthor,
  listIdeasByIds: api.listIdeasByIds,
}))
vi.mock('@/api/comments', () => ({ listCommentsByAuthor: api.listCommentsByAuthor }))
vi.mock('@/api/follows', () => ({ listFollows: api.listFollows }))
vi.mock('@/api/feed', () => ({ markNeighbourhoodSeen: vi.fn() }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ userId: 'u1' }) }))

describe('useMyActivity', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.listIdeasByAuthor.mockResolvedValue([{ id: 'i9' }])
    api.listCommentsByAuthor.mockResolvedValue([{ id: 'c1' }])
    api.listFollows.mockResolvedValue([
      { id: 'f1', idea_id: 'i1', neighbourhood_id: null },
      { id: 'f2', idea_id: null, neighbourhood_id: 'n1' },
    ])
    api.listIdeasByIds.mockResolvedValue([{ id: 'i1' }])
  })

  it('reads the follows through the shared store and the followed ideas by id', async () => {
    const activity = useMyActivity()
    await activity.load('u1')
    expect(api.listIdeasByAuthor).toHaveBeenCalledWith('u1')
    expect(api.listIdeasByIds).toHaveBeenCalledWith(['i1'])
    expect(activity.ideas.value).toEqual([{ id: 'i9' }])
    expect(activity.comments.value).toEqual([{ id: 'c1' }])
    expect(activity.followedIdeas.value).toEqual([{ id: 'i1' }])
    expect(activity.follows.value.map((f) => f.id)).toEqual(['f1', 'f2'])
    expect(useFollowsStore().ideaIds).toEqual(['i1'])
  })

  it('keeps the lists as they were when a read fails', async () => {
    const activity = useMyActivity()
    await activity.load('u1')
    api.listCommentsByAuthor.mockRejectedValue(new Error('offline'))
    await expect(activity.load('u1')).rejects.toThrow('offline')
    expect(activity.ideas.value).toEqual([{ id: 'i9' }])
    expect(activity.comments.value).toEqual([{ id: 'c1' }])
  })
})
