import type { Router } from 'vue-router'
import { getIdea, listIdeaUpdates } from '@/api/ideas'
import { listComments } from '@/api/comments'
import { startEarly } from '@/lib/firstLoad'
import { useIdeasListStore } from '@/stores/ideasList'
import { useLookupsStore } from '@/stores/lookups'

/** The keys under which the idea page claims its early requests (composables/useIdea.ts). */
export const ideaKeys = (id: string) => ({
  idea: `idea:${id}`,
  updates: `idea-updates:${id}`,
  comments: `idea-comments:${id}`,
})

/**
 * Start the data requests of the page the app opens on, in parallel with its route chunk and
 * language file: the home list and the idea page used to wait for both, then for the mount, and
 * the home list for the lookups too. Call after Pinia is installed.
 */
export function startFirstScreen(router: Router): void {
  const to = router.resolve(window.location.pathname + window.location.search)
  if (to.name === 'ideas') {
    void useLookupsStore()
      .load()
      .catch(() => undefined)
    // Filters from the URL change the query; the page then asks for itself.
    if (Object.keys(to.query).length === 0) useIdeasListStore().startFirstPage()
  } else if (to.name === 'idea' && typeof to.params.id === 'string') {
    const id = to.params.id
    const keys = ideaKeys(id)
    void useLookupsStore()
      .load()
      .catch(() => undefined)
    startEarly(keys.idea, () => getIdea(id))
    startEarly(keys.updates, () => listIdeaUpdates(id))
    startEarly(keys.comments, () => listComments(id))
  }
}
