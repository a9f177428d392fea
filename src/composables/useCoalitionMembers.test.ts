import type { PersonOption } from '@/api/moderation'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { runInApp } from '@/testing/render'
import { useCoalitionMembers, useCoalitionsNeedingResidents } from './useCoalitionMembers'

const api = vi.hoisted(() => ({
  listMembers: vi.fn(),
  searchPeople: vi.fn(),
  addMember: vi.fn(),
  removeMember: vi.fn(),
  listCoalitionsNeedingResidents: vi.fn(),
}))
vi.mock('@/api/moderation', () => api)

const sanne = {
  id: 'p1',
  display_name: 'Sanne',
  role: 'resident',
  organisation_id: null,
} as PersonOption
const roy = {
  id: 'p2',
  display_name: 'Roy',
  role: 'partner',
  organisation_id: 'o1',
} as PersonOption
const mod = {
  id: 'p3',
  display_name: 'Mo',
  role: 'moderator',
  organisation_id: null,
} as PersonOption

describe('useCoalitionMembers', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    api.listMembers.mockResolvedValue([{ profile_id: 'p1', member_kind: 'resident' }])
  })

  it('finds people not in the coalition yet, team members included', async () => {
    api.searchPeople.mockResolvedValue([sanne, roy, mod])
    const m = useCoalitionMembers(() => 'c1')
    await m.load()
    expect((await m.search('o')).map((p) => p.id)).toEqual(['p2', 'p3'])
    api.searchPeople.mockRejectedValue(new Error('offline'))
    expect(await m.search('o')).toEqual([])
  })

  it('adds a person with the kind their role gives, then reads the members again', async () => {
    const m = useCoalitionMembers(() => 'c1')
    api.listMembers.mockResolvedValue([
      { profile_id: 'p1', member_kind: 'resident' },
      { profile_id: 'p3', member_kind: 'team' },
    ])
    await m.add(mod)
    expect(api.addMember).toHaveBeenCalledWith('c1', 'p3', 'team')
    expect(m.kinds.value).toEqual(['resident', 'team'])
    await m.remove('p3')
    expect(api.removeMember).toHaveBeenCalledWith('c1', 'p3')
  })

  it('keeps the members as they were when the database refuses the change', async () => {
    const m = useCoalitionMembers(() => 'c1')
    await m.load()
    api.addMember.mockRejectedValue({ message: 'coalition_balance' })
    await expect(m.add(roy)).rejects.toEqual({ message: 'coalition_balance' })
    expect(m.members.value).toEqual([{ profile_id: 'p1', member_kind: 'resident' }])
    expect(api.listMembers).toHaveBeenCalledOnce()
  })

  it('changes nothing for a coalition not saved yet', async () => {
    const m = useCoalitionMembers(() => null)
    await m.load()
    await m.add(sanne)
    expect(m.members.value).toEqual([])
    expect(api.listMembers).not.toHaveBeenCalled()
    expect(api.addMember).not.toHaveBeenCalled()
  })

  it('lists the coalitions that need residents once mounted', async () => {
    api.listCoalitionsNeedingResidents.mockResolvedValue([{ id: 'c1' }])
    const { result } = await runInApp(useCoalitionsNeedingResidents)
    await flushPromises()
    expect(result.data.value).toEqual([{ id: 'c1' }])
    expect(result.loaded.value).toBe(true)
  })
})
