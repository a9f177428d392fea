// The stand-ins that let the production build load Realtime and Storage after the first paint
// (vite.config.ts) must behave as the real clients once loaded, and say clearly when used early.
import { describe, expect, it } from 'vitest'
import { StorageApiError as RealStorageApiError } from '@supabase/storage-js'
import { RealtimeClient } from './realtimeLazy'
import { StorageApiError, StorageClient } from './storageLazy'

describe('the lazy Storage client', () => {
  it('refuses to be used before it is loaded, and then acts as storage-js', async () => {
    const storage = new StorageClient('http://api.test/storage/v1', {}, fetch) as StorageClient & {
      from: (bucket: string) => { getPublicUrl: (path: string) => { data: { publicUrl: string } } }
    }
    expect(() => storage.from('photos')).toThrow(/await supabase.storage.load\(\)/)
    await storage.load()
    expect(storage.from('photos').getPublicUrl('a.jpg').data.publicUrl).toBe(
      'http://api.test/storage/v1/object/public/photos/a.jpg',
    )
  })

  it('lets errors of the real storage-js pass instanceof StorageApiError', () => {
    expect(new RealStorageApiError('no', 400, '400') instanceof StorageApiError).toBe(true)
    expect(new Error('no') instanceof StorageApiError).toBe(false)
  })
})

describe('the lazy Realtime client', () => {
  it('opens no channel before it is loaded, then gives real channels with the latest token', async () => {
    const realtime = new RealtimeClient('ws://api.test/realtime/v1', { params: { apikey: 'k' } })
    expect(() => realtime.channel('x')).toThrow(/not loaded yet/)
    expect(realtime.getChannels()).toEqual([])
    await realtime.setAuth('token-1')
    const real = await realtime.load()
    const channel = realtime.channel('ideas')
    expect(channel.topic).toBe('realtime:ideas')
    expect(real.getChannels()).toContain(channel)
    await expect
      .poll(() => (real as unknown as { accessTokenValue: unknown }).accessTokenValue)
      .toBe('token-1')
    await realtime.removeChannel(channel)
    expect(real.getChannels()).not.toContain(channel)
  })
})
