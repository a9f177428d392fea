import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChangeSpec, ConnectionState } from '@/api/realtime'
import { useModerationStore } from './moderation'

const api = vi.hoisted(() => ({
  listQueue: vi.fn(),
  listCoalitions: vi.fn(),
  createCoalition: vi.fn(),
  updateCoalition: vi.fn(),
  listTeamMembers: vi.fn(),
  getAssignee: vi.fn(),
  assignIdea: vi.fn(),
  mergeIdea: vi.fn(),
  searchIdeas: vi.fn(),
}))
const live = vi.hoisted(() => ({
  specs: [] as ChangeSpec[],
  onState: (() => {}) as (state: ConnectionState) => void,
  catchUp: () => {},
  stop: vi.fn(),
}))
vi.mock('@/api/moderation', () => ({
  listQueue: api.listQueue,
  createCoalition: api.createCoalition,
  updateCoalition: api.updateCoalition,
  mergeIdea: api.mergeIdea,
  searchIdeas: api.searchIdeas,
}))
vi.mock('@/api/followUp', () => ({
  listTeamMembers: api.listTeamMembers,
  getAssignee: api.getAssignee,
  assignIdea: api.assignIdea,
}))
vi.mock('@/api/coalitions', () => ({ listCoalitions: api.listCoalitions }))
vi.mock('@/api/realtime', () => ({
  subscribeChanges: (
    _name: string,
    specs: ChangeSpec[],
    onState: (s: ConnectionState) => void,
    catchUp: () => void,
  ) => {
    Object.assign(live, { specs, onState, catchUp })
    return live.stop
  },
}))

const idea = (id: string, changes: Record<string, unknown> = {}) => ({
  id,
  status: 'new',
  withdrawn_at: null,
  neighbourhood_id: 'n1',
  theme_id: 't1',
  created_at: `2026-12-0${id.length}T10:00:00Z`,
  ...changes,
})
function send(event: 'INSERT' | 'UPDATE' | 'DELETE', row: Record<string, unknown>) {
  const change = { eventType: event, new: event === 'DELETE' ? {} : row, old: row }
  for (const spec of live.specs) if (spec.event === event) spec.handler(change)
}

/** A banner that shows nothing and catches up at once. */
const quietBanner = { onState: () => {}, onBack: (catchUp: () => void) => catchUp }

describe('moderation store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('adds a new open idea live, and lets an answered or withdrawn one leave', async () => {
    api.listQueue.mockResolvedValue([idea('a')])
    const store = useModerationStore()
    await store.load()
    const arrived = vi.fn()
    store.watch(arrived, quietBanner)

    send('INSERT', idea('bb'))
    expect(arrived).toHaveBeenCalledOnce()
    expect(store.arrivals).toBe(1)
    send('INSERT', idea('ccc', { status: 'done' }))
    expect(arrived).toHaveBeenCalledOnce()
    expect(store.queue.map((i) => i.id)).toEqual(['a', 'bb'])

    send('UPDATE', idea('a', { status: 'in_review' }))
    expect(store.queue.map((i) => i.id)).toEqual(['a', 'bb'])
    send('UPDATE', idea('a', { status: 'in_progress' }))
    send('UPDATE', idea('bb', { withdrawn_at: '2026-12-02T11:00:00Z' }))
    expect(store.queue).toEqual([])
  })

  it('keeps to the filters for what arrives live', async () => {
    api.listQueue.mockResolvedValue([])
    const store = useModerationStore()
    store.filters = { neighbourhoodId: 'n2' }
    await store.load()
    store.watch(() => {}, quietBanner)
    send('INSERT', idea('a'))
    send('INSERT', idea('bb', { neighbourhood_id: 'n2' }))
    expect(store.queue.map((i) => i.id)).toEqual(['bb'])
  })

  it('reloads the queue when the connection returns, and stops when told', async () => {
    api.listQueue.mockResolvedValue([])
    const store = useModerationStore()
    const states: ConnectionState[] = []
    const back = vi.fn()
    store.watch(() => {}, {
      onState: (s) => states.push(s),
      onBack: (catchUp) => () => {
        back()
        catchUp()
      },
    })
    live.onState('lost')
    expect(states).toEqual(['lost'])
    api.listQueue.mockResolvedValue([idea('a')])
    live.catchUp()
    expect(back).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(store.queue.map((i) => i.id)).toEqual(['a']))
    store.unwatch()
    expect(live.stop).toHaveBeenCalledOnce()
  })

  it('asks for the coalitions once unless told to ask again', async () => {
    api.listCoalitions.mockResolvedValue([{ id: 'c1' }])
    const store = useModerationStore()
    await store.loadCoalitions()
    await store.loadCoalitions()
    await store.loadCoalitions(true)
    expect(api.listCoalitions).toHaveBeenCalledTimes(2)
  })

  it('asks for the team once, and shows a new assignee in the queue at once', async () => {
    api.listQueue.mockResolvedValue([idea('a')])
    api.listTeamMembers.mockResolvedValue([{ id: 'm1', display_name: 'Mo' }])
    const store = useModerationStore()
    await store.load()
    await store.loadTeam()
    await store.loadTeam()
    expect(api.listTeamMembers).toHaveBeenCalledOnce()
    await store.assign('a', 'm1')
    expect(api.assignIdea).toHaveBeenCalledWith('a', 'm1')
    expect(store.queue[0].assignee_id).toBe('m1')
  })

  it('leaves the queue as it was when the database refuses the assignee', async () => {
    api.listQueue.mockResolvedValue([idea('a', { assignee_id: null })])
    api.assignIdea.mockRejectedValue({ code: '42501' })
    const store = useModerationStore()
    await store.load()
    await expect(store.assign('a', 'resident')).rejects.toEqual({ code: '42501' })
    expect(store.queue[0].assignee_id).toBeNull()
  })

  it('takes a merged duplicate out of the queue, and keeps it when the merge is refused', async () => {
    api.listQueue.mockResolvedValue([idea('a'), idea('bb')])
    const store = useModerationStore()
    await store.load()
    api.mergeIdea.mockRejectedValueOnce({ code: '42501' })
    await expect(store.merge('bb', 'a', 'Dit idee staat er al.')).rejects.toEqual({ code: '42501' })
    expect(store.queue.map((i) => i.id)).toEqual(['a', 'bb'])
    await store.merge('bb', 'a', 'Dit idee staat er al.')
    expect(api.mergeIdea).toHaveBeenLastCalledWith('bb', 'a', 'Dit idee staat er al.')
    expect(store.queue.map((i) => i.id)).toEqual(['a'])
  })

  it('updates a saved coalition and creates a new one', async () => {
    api.createCoalition.mockResolvedValue('c2')
    const store = useModerationStore()
    const input = { name: 'Groen', description: '', theme_id: null }
    expect(await store.saveCoalition('c1', input)).toBe('c1')
    expect(api.updateCoalition).toHaveBeenCalledWith('c1', input)
    expect(await store.saveCoalition(null, input)).toBe('c2')
    expect(api.createCoalition).toHaveBeenCalledOnce()
  })
})
