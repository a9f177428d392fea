import { beforeEach, describe, expect, it, vi } from 'vitest'
import { runInApp } from '@/testing/render'
import { usePartnerFeed } from './usePartnerFeed'

const api = vi.hoisted(() => ({
  fetchFeed: vi.fn(),
  listFollows: vi.fn(),
  fetchAuthors: vi.fn(),
  subscribeAgenda: vi.fn(),
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
vi.mock('@/api/realtime', () => ({ subscribeAgenda: api.subscribeAgenda }))

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

  it('drops an event the team hid as soon as agenda:alle says it is gone, and keeps it out', async () => {
    const event = { ...item, kind: 'event', id: 'e1', idea_id: null }
    const other = { ...item, kind: 'event_changed', id: 'e2', idea_id: null }
    // An idea with the same id as the event stays: only event items are about events.
    const idea = { ...item, id: 'e1', idea_id: 'e1' }
    api.fetchFeed.mockResolvedValue([event, other, idea])
    let hear: ((m: { event: 'gone'; id: string }) => void) | undefined
    const stop = vi.fn()
    api.subscribeAgenda.mockImplementation((onMessage: typeof hear) => {
      hear = onMessage
      return stop
    })
    const { result, unmount } = await runInApp(() => usePartnerFeed())
    result.liveAgenda()
    await result.refresh()
    expect(result.items.value).toEqual([event, other, idea])
    hear!({ event: 'gone', id: 'e1' })
    expect(result.items.value).toEqual([other, idea])
    // A read that started before the news still has it: it stays out.
    await result.refresh()
    expect(result.items.value).toEqual([other, idea])
    unmount()
    expect(stop).toHaveBeenCalledOnce()
  })
})
