import { beforeEach, describe, expect, it, vi } from 'vitest'
import { runInApp } from '@/testing/render'
import { usePartnerFeed } from './usePartnerFeed'

const api = vi.hoisted(() => ({
  fetchFeed: vi.fn(),
  listFollows: vi.fn(),
  fetchAuthors: vi.fn(),
}))
const session = vi.hoisted(() => ({ userId: 'u1' as string | null }))
vi.mock('@/api/feed', () => ({ fetchFeed: api.fetchFeed, markNeighbourhoodSeen: vi.fn() }))
vi.mock('@/api/follows', () => ({
  listFollows: api.listFollows,
  follow: vi.fn(),
  unfollow: vi.fn(),
}))
vi.mock('@/api/profiles', () => ({ fetchAuthors: api.fetchAuthors }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => session }))

const item = { kind: 'idea', id: 'i1', idea_id: 'i1', neighbourhood_id: 'n1', author_id: 'a1' }

describe('usePartnerFeed', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    session.userId = 'u1'
    api.listFollows.mockResolvedValue([{ id: 'f1', idea_id: null, neighbourhood_id: 'n1' }])
    api.fetchFeed.mockResolvedValue([item])
    api.fetchAuthors.mockResolvedValue([{ id: 'a1', display_name: 'Sanne', organisation_id: null }])
  })

  it('reads the followed buurten, their news and who wrote it', async () => {
    const { result } = await runInApp(() => usePartnerFeed(20))
    await result.refresh()
    expect(api.fetchFeed).toHaveBeenCalledWith(20)
    expect(result.follows.neighbourhoodIds).toEqual(['n1'])
    expect(result.items.value).toEqual([item])
    expect(result.authorName('a1')).toBe('Sanne')
    expect(result.error.value).toBeNull()
  })

  it('keeps the failure for the page to show, and the news it had', async () => {
    const { result } = await runInApp(() => usePartnerFeed())
    await result.refresh()
    const failure = new Error('offline')
    api.fetchFeed.mockRejectedValue(failure)
    await result.refresh()
    expect(result.error.value).toBe(failure)
    expect(result.items.value).toEqual([item])
  })

  it('asks nothing when signed out', async () => {
    session.userId = null
    const { result } = await runInApp(() => usePartnerFeed())
    await result.refresh()
    expect(api.fetchFeed).not.toHaveBeenCalled()
  })
})
