import { describe, expect, it } from 'vitest'
import { emptyFilters } from '@/stores/ideasList'
import { filtersFromQuery, queryFromFilters } from './useMapQuery'

const lookups = {
  neighbourhoods: [
    { id: 'n1', slug: 'limbeek-noord', name: 'Limbeek-Noord', district: 'Oud-Woensel' },
    { id: 'n2', slug: 'eckartdal', name: 'Eckartdal', district: 'Begijnenbroek' },
  ],
  themes: [{ id: 't1', slug: 'veiligheid' }],
}

describe('filters in the URL', () => {
  it('round-trips every filter and the map view through readable names', () => {
    const filters = {
      q: 'bankjes',
      place: 'n:n1',
      themeId: 't1',
      kind: 'question',
      status: 'done',
      sort: 'votes' as const,
    }
    const query = queryFromFilters(filters, 'map', lookups)
    expect(query).toEqual({
      zoek: 'bankjes',
      buurt: 'limbeek-noord',
      thema: 'veiligheid',
      soort: 'question',
      status: 'done',
      sorteer: 'votes',
      weergave: 'kaart',
    })
    expect(filtersFromQuery(query, lookups)).toEqual(filters)
  })

  it('keeps the default list URL empty and reads a wijk', () => {
    expect(queryFromFilters(emptyFilters(), 'list', lookups)).toEqual({})
    expect(filtersFromQuery({ wijk: 'Begijnenbroek' }, lookups).place).toBe('d:Begijnenbroek')
  })

  it('ignores unknown buurten, themes and values instead of failing', () => {
    expect(
      filtersFromQuery(
        { buurt: 'nergens', wijk: 'Nergens', thema: 'x', soort: 'drop', sorteer: 'x' },
        lookups,
      ),
    ).toEqual(emptyFilters())
  })
})
