import { ref, watch } from 'vue'
import type { CardThumb } from '@/api/photos'

/**
 * The thumbnails of the idea cards on a list page: one query and one createSignedUrls for every
 * idea shown that was not asked about before. The photo code (src/api/photos.ts, and through it
 * storage-js) loads on first use, so it stays out of the home page's first-load JavaScript.
 */
export function useCardThumbs(ideaIds: () => string[]) {
  const thumbs = ref(new Map<string, CardThumb>())
  const asked = new Set<string>()
  watch(
    () => ideaIds().join(','),
    async (ids) => {
      const missing = (ids ? ids.split(',') : []).filter((id) => !asked.has(id))
      if (missing.length === 0) return
      for (const id of missing) asked.add(id)
      try {
        const { thumbnailsFor } = await import('@/api/photos')
        const found = await thumbnailsFor(missing)
        thumbs.value = new Map([...thumbs.value, ...found])
      } catch {
        // Without thumbnails the cards still work; ask again when they come back into view.
        for (const id of missing) asked.delete(id)
      }
    },
    { immediate: true },
  )
  return thumbs
}
