import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChangeSpec, ConnectionState } from '@/api/realtime'
import { useAnnouncerStore } from '@/stores/announcer'
import { runInApp } from '@/testing/render'
import { useConnectionBanner, useLive } from './useLive'

const live = vi.hoisted(() => ({
  onState: (() => {}) as (state: ConnectionState) => void,
  back: () => {},
  stop: vi.fn(),
}))
vi.mock('@/api/realtime', () => ({
  subscribeChanges: (
    _name: string,
    _specs: ChangeSpec[],
    onState: (s: ConnectionState) => void,
    back: () => void,
  ) => {
    Object.assign(live, { onState, back })
    return live.stop
  },
}))

describe('the live connection banner', () => {
  beforeEach(() => vi.clearAllMocks())

  it('shows the banner while the connection is gone and leaves it alone while connecting', async () => {
    const { result: banner } = await runInApp(useConnectionBanner)
    const announcer = useAnnouncerStore()
    banner.onState('lost')
    expect(announcer.connection).toBe('lost')
    banner.onState('connecting')
    expect(announcer.connection).toBe('lost')
    banner.onState('live')
    expect(announcer.connection).toBe('live')
  })

  it('says the connection is back and then catches up', async () => {
    vi.useFakeTimers()
    try {
      const { result: banner } = await runInApp(useConnectionBanner)
      const announcer = useAnnouncerStore()
      const catchUp = vi.fn()
      banner.onBack(catchUp)()
      expect(catchUp).toHaveBeenCalledOnce()
      vi.runAllTimers()
      expect(announcer.message).toBe('De verbinding is er weer.')
    } finally {
      vi.useRealTimers()
    }
  })

  it('catches a page up through the same path, and closes its channel with the page', async () => {
    const catchUp = vi.fn()
    const { unmount } = await runInApp(() => useLive('page', [], catchUp))
    live.onState('lost')
    expect(useAnnouncerStore().connection).toBe('lost')
    live.back()
    expect(catchUp).toHaveBeenCalledOnce()
    unmount()
    expect(live.stop).toHaveBeenCalledOnce()
  })
})
