// The home page's filters and its list/map choice live in the URL too, so a filtered list can be
// shared and back/forward work. The Pinia store stays the source of truth while on the page:
// changes to it are pushed to the URL, and a changed URL (back, forward, a shared link) is read
// into it. Readable names: ?wijk=Erp&buurt=rapenland&thema=veiligheid&soort=idea&weergave=kaart
import { computed, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { Neighbourhood, Theme } from '@/api/lookups'
import { IDEA_KINDS, IDEA_STATUSES } from '@/lib/statuses'
import { emptyFilters, type ListFilters } from '@/stores/ideasList'

export type HomeView = 'list' | 'map'

interface Lookups {
  neighbourhoods: Neighbourhood[]
  themes: Theme[]
}

const SORTS: ListFilters['sort'][] = ['newest', 'votes', 'comments']

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

/** Filters from a URL query; unknown names and values are ignored, not errors. */
export function filtersFromQuery(query: LocationQuery, lookups: Lookups): ListFilters {
  const f = emptyFilters()
  f.q = first(query.zoek).trim()
  const buurt = lookups.neighbourhoods.find((n) => n.slug === first(query.buurt))
  const wijk = first(query.wijk)
  if (buurt) f.place = `n:${buurt.id}`
  else if (wijk && lookups.neighbourhoods.some((n) => n.district === wijk)) f.place = `d:${wijk}`
  f.themeId = lookups.themes.find((t) => t.slug === first(query.thema))?.id ?? ''
  const kind = first(query.soort)
  if ((IDEA_KINDS as readonly string[]).includes(kind)) f.kind = kind
  const status = first(query.status)
  if ((IDEA_STATUSES as readonly string[]).includes(status)) f.status = status
  const sort = first(query.sorteer) as ListFilters['sort']
  if (SORTS.includes(sort)) f.sort = sort
  return f
}

/** The URL query for these filters and view; defaults are left out to keep links short. */
export function queryFromFilters(f: ListFilters, view: HomeView, lookups: Lookups) {
  const query: Record<string, string> = {}
  if (f.q) query.zoek = f.q
  if (f.place.startsWith('n:')) {
    const slug = lookups.neighbourhoods.find((n) => n.id === f.place.slice(2))?.slug
    if (slug) query.buurt = slug
  } else if (f.place.startsWith('d:')) query.wijk = f.place.slice(2)
  const theme = lookups.themes.find((t) => t.id === f.themeId)?.slug
  if (theme) query.thema = theme
  if (f.kind) query.soort = f.kind
  if (f.status) query.status = f.status
  if (f.sort !== 'newest') query.sorteer = f.sort
  if (view === 'map') query.weergave = 'kaart'
  return query
}

function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return (Object.keys(a) as (keyof ListFilters)[]).every((k) => a[k] === b[k])
}

function sameQuery(a: LocationQueryRaw, b: LocationQueryRaw): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every(
    (k) => first(a[k] as LocationQuery[string]) === first(b[k] as LocationQuery[string]),
  )
}

/**
 * Keeps `filters` (the store's ref) and the URL in step. `ready` says the lookups are loaded:
 * before that, slugs cannot be resolved and nothing is synced.
 */
export function useMapQuery(filters: Ref<ListFilters>, lookups: Lookups, ready: Ref<boolean>) {
  const route = useRoute()
  const router = useRouter()
  const view = computed<HomeView>(() => (first(route.query.weergave) === 'kaart' ? 'map' : 'list'))

  /** Reads the URL into the store; true when that changed the filters. */
  function readUrl(): boolean {
    const next = filtersFromQuery(route.query, lookups)
    if (sameFilters(next, filters.value)) return false
    filters.value = next
    return true
  }

  function writeUrl(nextView: HomeView = view.value) {
    const query = queryFromFilters(filters.value, nextView, lookups)
    if (sameQuery(query, route.query)) return
    void router.push({ query, hash: route.hash })
  }

  function setView(next: HomeView) {
    writeUrl(next)
  }

  watch(
    filters,
    () => {
      if (ready.value) writeUrl()
    },
    { deep: true },
  )
  watch(
    () => route.query,
    () => {
      if (ready.value && route.name === 'ideas') readUrl()
    },
  )

  return { view, setView, readUrl }
}
