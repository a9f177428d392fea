import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { nextTick } from 'vue'
import { runInApp } from '@/testing/render'
import { useAlliantieraadReport, useDashboard, usePeriod, useTrustFigures } from './useTeamFigures'

const api = vi.hoisted(() => ({
  fetchDashboard: vi.fn(),
  fetchTrustFigures: vi.fn(),
  fetchAlliantieraadReport: vi.fn(),
}))
vi.mock('@/api/dashboard', () => api)
vi.mock('@/api/report', () => api)

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

describe('the team figures', () => {
  beforeEach(() => vi.resetAllMocks())

  it('spans whole days that end today', () => {
    const { from, to } = usePeriod(90)
    expect([from.value, to.value]).toEqual([day(-89), day(0)])
  })

  it('reads the dashboard for the last year, and again for a new period', async () => {
    api.fetchDashboard.mockResolvedValue({ total: 3 })
    const { result } = await runInApp(useDashboard)
    await flushPromises()
    expect(api.fetchDashboard).toHaveBeenCalledWith(day(-364), day(0))
    expect(result.data.value).toEqual({ total: 3 })
    result.from.value = '2026-01-01'
    await nextTick()
    await flushPromises()
    expect(api.fetchDashboard).toHaveBeenLastCalledWith('2026-01-01', day(0))
  })

  it('reads the alliantieraad report for the last 90 days and keeps a failure to show', async () => {
    api.fetchAlliantieraadReport.mockRejectedValue(new Error('offline'))
    const { result } = await runInApp(useAlliantieraadReport)
    await flushPromises()
    expect(api.fetchAlliantieraadReport).toHaveBeenCalledWith(day(-89), day(0))
    expect(result.error.value).toEqual(new Error('offline'))
  })

  it('reads the public trust figures once the page is there', async () => {
    api.fetchTrustFigures.mockResolvedValue({ share_within_14_days: 0.5 })
    const { result } = await runInApp(useTrustFigures)
    await flushPromises()
    expect(result.data.value).toEqual({ share_within_14_days: 0.5 })
  })
})
