import { ref } from 'vue'
import { fetchFeed, type FeedItem } from '@/api/feed'
import { useAuthors } from '@/composables/useAuthors'
import { useFollowsStore } from '@/stores/follows'
import { useSessionStore } from '@/stores/session'

/**
 * A partner's "Mijn buurten": the buurten they follow and the news from them (ideas, comments,
 * answers), with the authors' names. `refresh` reads both again; a failure lands in `error`.
 */
export function usePartnerFeed(max = 150) {
  const session = useSessionStore()
  const follows = useFollowsStore()
  const items = ref<FeedItem[]>([])
  const error = ref<unknown>(null)
  const { load: loadAuthors, name: authorName } = useAuthors()

  async function refresh(): Promise<void> {
    if (!session.userId) return
    error.value = null
    try {
      const [, feed] = await Promise.all([follows.load(), fetchFeed(max)])
      items.value = feed
      await loadAuthors(feed.map((i) => i.author_id))
    } catch (e) {
      error.value = e
    }
  }

  return { follows, items, error, refresh, authorName }
}
