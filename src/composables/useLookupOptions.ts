import { computed } from 'vue'
import { useLookupsStore } from '@/stores/lookups'
import { useThemeText } from './useThemeText'

/**
 * The buurten and themes as choices for a select: buurten grouped by district (or one flat list),
 * themes by their name in the person's language. Read from the lookups store, which loads once.
 */
export function useLookupOptions() {
  const lookups = useLookupsStore()
  const { themeName } = useThemeText()
  const neighbourhoodGroups = computed(() =>
    lookups.districts.map((district) => ({
      label: district,
      options: lookups.neighbourhoods
        .filter((n) => n.district === district)
        .map((n) => ({ value: n.id, label: n.name })),
    })),
  )
  const neighbourhoodOptions = computed(() =>
    lookups.neighbourhoods.map((n) => ({ value: n.id, label: n.name })),
  )
  const themeOptions = computed(() =>
    lookups.themes.map((th) => ({ value: th.id, label: themeName(th.slug) })),
  )
  return { neighbourhoodGroups, neighbourhoodOptions, themeOptions }
}
