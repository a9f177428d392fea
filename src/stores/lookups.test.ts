import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useLookupsStore } from './lookups'

const api = vi.hoisted(() => ({
  fetchNeighbourhoods: vi.fn(),
  fetchThemes: vi.fn(),
  fetchOrganisations: vi.fn(),
}))
vi.mock('@/api/lookups', () => api)

const buurten = [
  { id: 'n1', name: 'Limbeek-Noord', district: 'Woensel-Zuid' },
  { id: 'n2', name: 'Het Ven', district: 'Woensel-Zuid' },
  { id: 'n3', name: 'Vaartbroek', district: 'Woensel-West' },
]

describe('lookups store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.fetchNeighbourhoods.mockResolvedValue(buurten)
    api.fetchThemes.mockResolvedValue([{ id: 't1', slug: 'groen' }])
    api.fetchOrganisations.mockResolvedValue([{ id: 'o1', name: 'Woonbedrijf' }])
  })

  it('loads once for every page that asks, and indexes what it loaded', async () => {
    const lookups = useLookupsStore()
    await Promise.all([lookups.load(), lookups.load()])
    await lookups.load()
    expect(api.fetchNeighbourhoods).toHaveBeenCalledTimes(1)
    expect(lookups.districts).toEqual(['Woensel-West', 'Woensel-Zuid'])
    expect(lookups.neighbourhoodById.get('n2')?.name).toBe('Het Ven')
    expect(lookups.organisationById.get('o1')?.name).toBe('Woonbedrijf')
  })

  it('asks again after a failed load', async () => {
    api.fetchThemes.mockRejectedValueOnce(new Error('offline'))
    const lookups = useLookupsStore()
    await expect(lookups.load()).rejects.toThrow('offline')
    await lookups.load()
    expect(api.fetchThemes).toHaveBeenCalledTimes(2)
    expect(lookups.themeById.get('t1')?.slug).toBe('groen')
  })
})
