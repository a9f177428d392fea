import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useAnnouncerStore } from './announcer'

describe('announcer store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('clears the live region before each sentence, so the same sentence is read twice', async () => {
    vi.useFakeTimers()
    try {
      const announcer = useAnnouncerStore()
      announcer.announce('Je stem telt mee.')
      await vi.runAllTimersAsync()
      expect(announcer.message).toBe('Je stem telt mee.')
      announcer.announce('Je stem telt mee.')
      expect(announcer.message).toBe('')
      await vi.runAllTimersAsync()
      expect(announcer.message).toBe('Je stem telt mee.')
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows the connection state it is told', () => {
    const announcer = useAnnouncerStore()
    expect(announcer.connection).toBe('live')
    announcer.setConnection('lost')
    expect(announcer.connection).toBe('lost')
  })
})
