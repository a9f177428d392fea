import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Report } from '@/api/moderation'
import { useModerationReports } from './useModerationReports'

const api = vi.hoisted(() => ({
  listReports: vi.fn(),
  resolveReport: vi.fn(),
  hideComment: vi.fn(),
  hideIdea: vi.fn(),
}))
vi.mock('@/api/moderation', () => api)

const onComment = { id: 'r1', comment_id: 'c1', idea_id: 'i1' } as Report
const onIdea = { id: 'r2', comment_id: null, idea_id: 'i2' } as Report

describe('useModerationReports', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    api.listReports.mockResolvedValue([onComment, onIdea])
  })

  it('is loading until the open reports are in', async () => {
    const r = useModerationReports()
    expect(r.loading.value).toBe(true)
    await r.load()
    expect(api.listReports).toHaveBeenCalledWith(true)
    expect(r.loading.value).toBe(false)
    expect(r.reports.value).toEqual([onComment, onIdea])
  })

  it('closes a report with its note and reads the open ones again', async () => {
    const r = useModerationReports()
    await r.load()
    api.listReports.mockResolvedValue([onIdea])
    await r.resolve(onComment, 'Opgelost')
    expect(api.resolveReport).toHaveBeenCalledWith('r1', 'Opgelost')
    expect(r.reports.value).toEqual([onIdea])
  })

  it('hides the reported comment, or the idea when the report is about the idea', async () => {
    const r = useModerationReports()
    await r.hideReported(onComment, 'scheldwoord')
    await r.hideReported(onIdea, 'reclame')
    expect(api.hideComment).toHaveBeenCalledWith('c1', 'scheldwoord')
    expect(api.hideIdea).toHaveBeenCalledWith('i2', 'reclame')
    expect(api.hideIdea).toHaveBeenCalledOnce()
  })

  it('keeps the list when reading it again fails, and says why', async () => {
    const r = useModerationReports()
    await r.load()
    api.listReports.mockRejectedValue(new Error('offline'))
    await r.load()
    expect(r.error.value).toEqual(new Error('offline'))
    expect(r.loading.value).toBe(false)
    expect(r.reports.value).toEqual([onComment, onIdea])
  })
})
