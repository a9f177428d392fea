import { ref, watch, type Ref } from 'vue'
import { listIdeaLocations, type IdeaLocation } from '@/api/geo'
import { toQuery, type ListFilters } from '@/stores/ideasList'

/**
 * The located ideas for the home page's map, under the same filters as the list. Loads only
 * while the map is shown, and again when the filters change.
 */
export function useMapIdeas(
  filters: Ref<ListFilters>,
  districtIds: (district: string) => string[],
  active: Ref<boolean>,
) {
  const items = ref<IdeaLocation[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<unknown>(null)
  let requestId = 0

  async function load() {
    const id = ++requestId
    loading.value = true
    error.value = null
    try {
      const rows = await listIdeaLocations(toQuery(filters.value, districtIds))
      if (id !== requestId) return
      items.value = rows
      loaded.value = true
    } catch (e) {
      if (id === requestId) error.value = e
    } finally {
      if (id === requestId) loading.value = false
    }
  }

  watch(
    [filters, active],
    () => {
      if (active.value) void load()
    },
    { deep: true, immediate: true },
  )

  return { items, loading, loaded, error, load }
}
