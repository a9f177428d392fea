import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listIdeas, PAGE_SIZE, type IdeaFilters, type ListCard } from '@/api/ideas'
import { claim, startEarly } from '@/lib/firstLoad'

export interface ListFilters {
  q: string
  /** '' (everywhere), 'n:<neighbourhood id>' or 'd:<district name>'. */
  place: string
  themeId: string
  kind: string
  status: string
  sort: 'newest' | 'votes' | 'comments'
}

export function emptyFilters(): ListFilters {
  return { q: '', place: '', themeId: '', kind: '', status: '', sort: 'newest' }
}

/** The API query for these filters; the map (api/geo.ts) asks the same question. */
export function toQuery(f: ListFilters, districtIds: (d: string) => string[]): IdeaFilters {
  return {
    q: f.q || undefined,
    neighbourhoodIds: f.place.startsWith('n:')
      ? [f.place.slice(2)]
      : f.place.startsWith('d:')
        ? districtIds(f.place.slice(2))
        : undefined,
    themeId: f.themeId || undefined,
    kind: (f.kind || undefined) as IdeaFilters['kind'],
    status: (f.status || undefined) as IdeaFilters['status'],
    sort: f.sort,
  }
}

/** One page of the list; a matching early request from main.ts is used once (lib/firstLoad.ts). */
function fetchPage(query: IdeaFilters, offset: number, limit: number) {
  const key = `ideas:${JSON.stringify([query, offset, limit])}`
  return { key, request: () => listIdeas(query, offset, limit) }
}

/**
 * The home list lives in a store, not in the view, so "Meer laden" pages survive a visit to
 * an idea: going back shows the same rows at the same scroll position.
 */
export const useIdeasListStore = defineStore('ideasList', () => {
  const filters = ref<ListFilters>(emptyFilters())
  const items = ref<ListCard[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const hasMore = ref(false)
  const error = ref<unknown>(null)
  let requestId = 0

  async function load(districtIds: (d: string) => string[], more = false, keep = false) {
    const id = ++requestId
    loading.value = true
    error.value = null
    const offset = more ? items.value.length : 0
    // When catching up, reload everything shown so far, not just the first page.
    const limit = keep ? Math.max(items.value.length, PAGE_SIZE) : PAGE_SIZE
    try {
      const { key, request } = fetchPage(toQuery(filters.value, districtIds), offset, limit + 1)
      const rows = await claim(key, request)
      if (id !== requestId) return
      hasMore.value = rows.length > limit
      const page = rows.slice(0, limit)
      items.value = more ? [...items.value, ...page] : page
      loaded.value = true
    } catch (e) {
      if (id === requestId) error.value = e
    } finally {
      if (id === requestId) loading.value = false
    }
  }

  /** The first page for the current filters, before the page itself has loaded (main.ts). */
  function startFirstPage() {
    const { key, request } = fetchPage(
      toQuery(filters.value, () => []),
      0,
      PAGE_SIZE + 1,
    )
    startEarly(key, request)
  }

  function patch(id: string, changes: Partial<ListCard>) {
    const index = items.value.findIndex((i) => i.id === id)
    if (index >= 0) items.value[index] = { ...items.value[index], ...changes }
  }

  /** An idea that is gone (withdrawn by its author, or deleted) leaves the list. */
  function remove(id: string) {
    items.value = items.value.filter((i) => i.id !== id)
  }

  return { filters, items, loaded, loading, hasMore, error, load, startFirstPage, patch, remove }
})
