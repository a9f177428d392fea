import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChangeSpec } from '@/api/realtime'
import { useNotificationsStore } from './notifications'

const api = vi.hoisted(() => ({
  listNotifications: vi.fn(),
  fetchNotification: vi.fn(),
  markRead: vi.fn(),
  markAllRead: vi.fn(),
}))
const live = vi.hoisted(() => ({
  specs: [] as ChangeSpec[],
  filters: [] as (string | undefined)[],
  catchUp: () => {},
  stop: vi.fn(),
}))
vi.mock('@/api/notifications', () => api)
vi.mock('@/api/realtime', () => ({
  subscribeChanges: (_: string, specs: ChangeSpec[], __: unknown, catchUp: () => void) => {
    Object.assign(live, { specs, catchUp, filters: specs.map((s) => s.filter) })
    return live.stop
  },
}))

const note = (id: string, read_at: string | null = null) => ({
  id,
  kind: 'new_comment',
  idea_id: 'i1',
  read_at,
  created_at: '2026-12-02T10:00:00Z',
  idea: { title: 'Bankje' },
  idea_update: null,
})
function send(event: 'INSERT' | 'UPDATE', row: Record<string, unknown>) {
  for (const spec of live.specs) {
    if (spec.event === event) spec.handler({ eventType: event, new: row, old: {} })
  }
}

describe('notifications store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.markRead.mockResolvedValue(undefined)
    api.markAllRead.mockResolvedValue(undefined)
  })

  it("listens only to the signed-in person's own messages, and counts the unread", async () => {
    api.listNotifications.mockResolvedValue([note('a'), note('b', '2026-12-02T10:05:00Z')])
    const store = useNotificationsStore()
    store.watchUser('u1')
    await vi.waitFor(() => expect(store.items).toHaveLength(2))
    expect(live.filters).toEqual(['user_id=eq.u1', 'user_id=eq.u1'])
    expect(store.unread).toBe(1)

    api.fetchNotification.mockResolvedValue(note('c'))
    send('INSERT', { ...note('c'), idea: undefined })
    await vi.waitFor(() => expect(store.items[0]).toEqual(note('c')))
    expect(store.unread).toBe(2)
    send('UPDATE', { id: 'c', read_at: '2026-12-02T10:06:00Z' })
    expect(store.unread).toBe(1)
  })

  it('marks read once, and all at once', async () => {
    api.listNotifications.mockResolvedValue([note('a'), note('b')])
    const store = useNotificationsStore()
    store.watchUser('u1')
    await vi.waitFor(() => expect(store.items).toHaveLength(2))
    await store.read('a')
    await store.read('a')
    expect(api.markRead).toHaveBeenCalledOnce()
    await store.readAll()
    expect(api.markAllRead).toHaveBeenCalledWith('u1')
    expect(store.unread).toBe(0)
  })

  it('catches up after the connection returns, and forgets everything on sign-out', async () => {
    api.listNotifications.mockResolvedValue([])
    const store = useNotificationsStore()
    store.watchUser('u1')
    api.listNotifications.mockResolvedValue([note('a')])
    live.catchUp()
    await vi.waitFor(() => expect(store.items).toHaveLength(1))
    store.watchUser(null)
    expect(live.stop).toHaveBeenCalled()
    expect(store.items).toEqual([])
  })
})
