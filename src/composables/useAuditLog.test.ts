import { beforeEach, describe, expect, it, vi } from 'vitest'
import { runInApp } from '@/testing/render'
import { useAuditLog } from './useAuditLog'

const api = vi.hoisted(() => ({ listAuditLog: vi.fn(), fetchAuthors: vi.fn() }))
vi.mock('@/api/moderation', () => ({ listAuditLog: api.listAuditLog }))
vi.mock('@/api/profiles', () => ({ fetchAuthors: api.fetchAuthors }))

const entry = (id: number) => ({ id, actor_id: 'a1', action: 'update', target_table: 'ideas' })

describe('useAuditLog', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    api.fetchAuthors.mockResolvedValue([{ id: 'a1', display_name: 'Mo', organisation_id: null }])
  })

  it('reads page after page from where it was, until a page comes back short', async () => {
    api.listAuditLog.mockResolvedValueOnce([entry(9), entry(8)]).mockResolvedValueOnce([entry(7)])
    const { result } = await runInApp(() => useAuditLog(2))
    await result.more()
    expect(result.done.value).toBe(false)
    await result.more()
    expect(api.listAuditLog).toHaveBeenLastCalledWith(2, 8)
    expect(result.entries.value.map((e) => e.id)).toEqual([9, 8, 7])
    expect(result.done.value).toBe(true)
    expect(result.actorName('a1')).toBe('Mo')
  })

  it('keeps the entries it has when the next page fails', async () => {
    api.listAuditLog.mockResolvedValueOnce([entry(9)]).mockRejectedValueOnce(new Error('offline'))
    const { result } = await runInApp(() => useAuditLog(1))
    await result.more()
    await result.more()
    expect(result.error.value).toEqual(new Error('offline'))
    expect(result.entries.value.map((e) => e.id)).toEqual([9])
  })
})
