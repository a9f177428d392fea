import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  fetchNeighbourhoods,
  fetchOrganisations,
  fetchThemes,
  type Neighbourhood,
  type Organisation,
  type Theme,
} from '@/api/lookups'

/** Buurten, themes and organisations: small, rarely changing, used on every page. */
export const useLookupsStore = defineStore('lookups', () => {
  const neighbourhoods = ref<Neighbourhood[]>([])
  const themes = ref<Theme[]>([])
  const organisations = ref<Organisation[]>([])
  let loading: Promise<void> | null = null

  const districts = computed(() => [...new Set(neighbourhoods.value.map((n) => n.district))].sort())
  const neighbourhoodById = computed(() => new Map(neighbourhoods.value.map((n) => [n.id, n])))
  const themeById = computed(() => new Map(themes.value.map((t) => [t.id, t])))
  const organisationById = computed(() => new Map(organisations.value.map((o) => [o.id, o])))

  function load(): Promise<void> {
    loading ??= Promise.all([fetchNeighbourhoods(), fetchThemes(), fetchOrganisations()])
      .then(([n, t, o]) => {
        neighbourhoods.value = n
        themes.value = t
        organisations.value = o
      })
      .catch((error: unknown) => {
        loading = null
        throw error
      })
    return loading
  }

  return {
    neighbourhoods,
    themes,
    organisations,
    districts,
    neighbourhoodById,
    themeById,
    organisationById,
    load,
  }
})
