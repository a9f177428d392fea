import { describe, expect, it, vi } from 'vitest'
import { useLookupsStore } from '@/stores/lookups'
import { runInApp } from '@/testing/render'
import { useLookupOptions } from './useLookupOptions'
import { useThemeText } from './useThemeText'

vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [
    { id: 'n1', name: 'Limbeek-Noord', district: 'Woensel-Zuid' },
    { id: 'n3', name: 'Vaartbroek', district: 'Woensel-West' },
  ],
  fetchThemes: async () => [{ id: 't1', slug: 'veiligheid' }],
  fetchOrganisations: async () => [],
}))

describe('useLookupOptions', () => {
  it('offers the buurten grouped by district and flat, and the themes by their name', async () => {
    const { result } = await runInApp(() => ({ ...useLookupOptions(), ...useThemeText() }))
    await useLookupsStore().load()
    expect(result.neighbourhoodGroups.value).toEqual([
      { label: 'Woensel-West', options: [{ value: 'n3', label: 'Vaartbroek' }] },
      { label: 'Woensel-Zuid', options: [{ value: 'n1', label: 'Limbeek-Noord' }] },
    ])
    expect(result.neighbourhoodOptions.value.map((o) => o.value)).toEqual(['n1', 'n3'])
    expect(result.themeOptions.value).toEqual([
      { value: 't1', label: result.themeName('veiligheid') },
    ])
  })
})
