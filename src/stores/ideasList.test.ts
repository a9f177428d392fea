import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyFilters, toQuery, useIdeasListStore } from './ideasList'

const api = vi.hoisted(() => ({ listIdeas: vi.fn(), PAGE_SIZE: 2 }))
vi.mock('@/api/ideas', () => api)

const card = (id: string) => ({ id, title: `Idee ${id}` })
const noDistricts = () => []

describe('ideas list store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('turns the filters into the API question: a buurt, or every buurt of a wijk', () => {
    const districtIds = (d: string) => (d === 'Woensel-Zuid' ? ['n1', 'n2'] : [])
    expect(toQuery({ ...emptyFilters(), place: 'n:n3' }, districtIds).neighbourhoodIds).toEqual([
      'n3',
    ])
    expect(
      toQuery({ ...emptyFilters(), place: 'd:Woensel-Zuid' }, districtIds).neighbourhoodIds,
    ).toEqual(['n1', 'n2'])
    expect(toQuery(emptyFilters(), districtIds)).toMatchObject({
      q: undefined,
      neighbourhoodIds: undefined,
      sort: 'newest',
    })
  })

  it('pages with one row extra to know whether there is more, and keeps earlier pages', async () => {
    api.listIdeas.mockResolvedValueOnce([card('a'), card('b'), card('c')])
    const list = useIdeasListStore()
    await list.load(noDistricts)
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b'])
    expect(list.hasMore).toBe(true)
    expect(api.listIdeas).toHaveBeenLastCalledWith(expect.anything(), 0, 3)

    api.listIdeas.mockResolvedValueOnce([card('c')])
    await list.load(noDistricts, true)
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b', 'c'])
    expect(list.hasMore).toBe(false)
    expect(api.listIdeas).toHaveBeenLastCalledWith(expect.anything(), 2, 3)
  })

  it('shows only the answer to the latest question when answers cross', async () => {
    let answerOld: (rows: unknown[]) => void = () => {}
    api.listIdeas
      .mockReturnValueOnce(new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce([card('new')])
    const list = useIdeasListStore()
    const old = list.load(noDistricts)
    list.filters.q = 'bankje'
    await list.load(noDistricts)
    answerOld([card('old')])
    await old
    expect(list.items.map((i) => i.id)).toEqual(['new'])
  })

  it('changes and removes one idea in place', async () => {
    api.listIdeas.mockResolvedValueOnce([card('a'), card('b')])
    const list = useIdeasListStore()
    await list.load(noDistricts)
    list.patch('a', { title: 'Nieuwe titel' })
    list.remove('b')
    expect(list.items).toEqual([{ id: 'a', title: 'Nieuwe titel' }])
  })
})
