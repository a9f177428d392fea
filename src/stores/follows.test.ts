import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useFollowsStore } from './follows'

const api = vi.hoisted(() => ({
  listFollows: vi.fn(),
  follow: vi.fn(),
  unfollow: vi.fn(),
  markNeighbourhoodSeen: vi.fn(),
}))
const session = vi.hoisted(() => ({ userId: 'u1' as string | null }))
vi.mock('@/api/follows', () => api)
vi.mock('@/api/feed', () => ({ markNeighbourhoodSeen: api.markNeighbourhoodSeen }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => session }))

const rows = [
  { id: 'f1', idea_id: 'i1', neighbourhood_id: null },
  { id: 'f2', idea_id: null, neighbourhood_id: 'n1' },
]

describe('follows store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    session.userId = 'u1'
    api.listFollows.mockResolvedValue(rows)
  })

  it('knows which ideas and buurten the person follows', async () => {
    const store = useFollowsStore()
    await store.load()
    expect(api.listFollows).toHaveBeenCalledWith('u1')
    expect(store.ideaIds).toEqual(['i1'])
    expect(store.neighbourhoodIds).toEqual(['n1'])
    expect(store.isFollowing({ neighbourhoodId: 'n1' })).toBe(true)
    expect(store.isFollowing({ neighbourhoodId: 'n2' })).toBe(false)
    expect(store.isFollowing({ ideaId: 'i1' })).toBe(true)
  })

  it('reads the follows again after a change, so every page shows the same', async () => {
    const store = useFollowsStore()
    api.listFollows.mockResolvedValue([
      ...rows,
      { id: 'f3', idea_id: null, neighbourhood_id: 'n2' },
    ])
    await store.follow({ neighbourhoodId: 'n2' })
    expect(api.follow).toHaveBeenCalledWith({ neighbourhoodId: 'n2' })
    expect(store.isFollowing({ neighbourhoodId: 'n2' })).toBe(true)
    api.listFollows.mockResolvedValue(rows)
    await store.unfollow({ neighbourhoodId: 'n2' })
    expect(api.unfollow).toHaveBeenCalledWith('u1', { neighbourhoodId: 'n2' })
    expect(store.isFollowing({ neighbourhoodId: 'n2' })).toBe(false)
  })

  it('follows nothing and asks nothing when signed out', async () => {
    session.userId = null
    const store = useFollowsStore()
    await store.load()
    await store.unfollow({ ideaId: 'i1' })
    await store.markSeen('n1')
    expect(store.follows).toEqual([])
    expect(api.listFollows).not.toHaveBeenCalled()
    expect(api.unfollow).not.toHaveBeenCalled()
    expect(api.markNeighbourhoodSeen).not.toHaveBeenCalled()
  })

  it('lets a failed change reach the page and keeps what it knew', async () => {
    const store = useFollowsStore()
    await store.load()
    api.follow.mockRejectedValue(new Error('offline'))
    await expect(store.follow({ ideaId: 'i2' })).rejects.toThrow('offline')
    expect(store.ideaIds).toEqual(['i1'])
  })
})
