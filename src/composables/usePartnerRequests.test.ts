import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PartnerRequest } from '@/api/admin'
import { useMyPartnerRequests, usePendingPartnerRequests } from './usePartnerRequests'

const api = vi.hoisted(() => ({
  listMyPartnerRequests: vi.fn(),
  requestPartnerStatus: vi.fn(),
  withdrawPartnerRequest: vi.fn(),
  listPartnerRequests: vi.fn(),
  approvePartnerRequest: vi.fn(),
  rejectPartnerRequest: vi.fn(),
}))
const session = vi.hoisted(() => ({ userId: 'u1' as string | null }))
vi.mock('@/api/admin', () => api)
vi.mock('@/stores/session', () => ({ useSessionStore: () => session }))

const pending = { id: 'r1', status: 'pending' } as PartnerRequest

describe('partner requests', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    session.userId = 'u1'
  })

  it("reads a person's own requests again after asking and after withdrawing", async () => {
    api.listMyPartnerRequests.mockResolvedValue([pending])
    const mine = useMyPartnerRequests()
    await mine.ask('o1', 'Ik werk bij het wijkteam.')
    expect(api.requestPartnerStatus).toHaveBeenCalledWith('o1', 'Ik werk bij het wijkteam.')
    expect(mine.requests.value).toEqual([pending])
    api.listMyPartnerRequests.mockResolvedValue([])
    api.withdrawPartnerRequest.mockRejectedValue(new Error('offline'))
    await expect(mine.withdraw('r1')).rejects.toThrow('offline')
    expect(api.listMyPartnerRequests).toHaveBeenLastCalledWith('u1')
    expect(mine.requests.value).toEqual([])
  })

  it('shows no requests when signed out or when reading them fails', async () => {
    session.userId = null
    const mine = useMyPartnerRequests()
    await mine.load()
    expect(api.listMyPartnerRequests).not.toHaveBeenCalled()
    session.userId = 'u1'
    api.listMyPartnerRequests.mockRejectedValue(new Error('offline'))
    await mine.load()
    expect(mine.requests.value).toEqual([])
  })

  it('lets an admin approve or reject a waiting request, and reads the rest again', async () => {
    api.listPartnerRequests.mockResolvedValue([pending])
    const admin = usePendingPartnerRequests()
    await admin.load()
    expect(api.listPartnerRequests).toHaveBeenCalledWith('pending')
    api.listPartnerRequests.mockResolvedValue([])
    await admin.decide(pending, true)
    expect(api.approvePartnerRequest).toHaveBeenCalledWith('r1')
    await admin.decide(pending, false)
    expect(api.rejectPartnerRequest).toHaveBeenCalledWith('r1', '')
    expect(admin.requests.value).toEqual([])
  })

  it('keeps the list when the database refuses a decision', async () => {
    api.listPartnerRequests.mockResolvedValue([pending])
    const admin = usePendingPartnerRequests()
    await admin.load()
    api.approvePartnerRequest.mockRejectedValue({ code: '42501' })
    await expect(admin.decide(pending, true)).rejects.toEqual({ code: '42501' })
    expect(admin.requests.value).toEqual([pending])
  })
})
