import { onScopeDispose, ref } from 'vue'
import { fetchFeed, type FeedItem } from '@/api/feed'
import { subscribeAgenda } from '@/api/realtime'
import { useAuthors } from '@/composables/useAuthors'
import { useFollowsStore } from '@/stores/follows'
import { useSessionStore } from '@/stores/session'

const EVENT_KINDS: ReadonlySet<FeedItem['kind']> = new Set([
  'event',
  'event_changed',
  'event_cancelled',
])

/**
 * A partner's "Mijn buurten": the buurten they follow and the news from them (ideas, comments,
 * answers, events), with the authors' names. `refresh` reads both again; a failure lands in
 * `error`. `liveAgenda` takes an event the team hid out of the open feed at once: once hidden,
 * RLS keeps the row from the partner, so postgres_changes never tells; the database's `gone`
 * broadcast on `agenda:alle` does.
 */
export function usePartnerFeed(max = 150) {
  const session = useSessionStore()
  const follows = useFollowsStore()
  const items = ref<FeedItem[]>([])
  const error = ref<unknown>(null)
  const { load: loadAuthors, name: authorName } = useAuthors()
  /** Hidden while this page is open: kept out even of a read that started before the news. */
  const gone = new Set<string>()
  const shown = (i: FeedItem) => !(EVENT_KINDS.has(i.kind) && gone.has(i.id))

  async function refresh(): Promise<void> {
    if (!session.userId) return
    error.value = null
    try {
      const [, feed] = await Promise.all([follows.load(), fetchFeed(max)])
      items.value = feed.filter(shown)
      await loadAuthors(feed.map((i) => i.author_id))
    } catch (e) {
      error.value = e
    }
  }

  /** Drops every item about an event that is no longer shown (hidden by the team). */
  function dropEvent(eventId: string) {
    gone.add(eventId)
    if (!items.value.every(shown)) items.value = items.value.filter(shown)
  }

  let stop: (() => void) | null = null
  function liveAgenda() {
    stop?.()
    stop = subscribeAgenda(
      (message) => {
        if (message.event === 'gone') dropEvent(message.id)
      },
      () => {},
    )
  }
  onScopeDispose(() => {
    stop?.()
    stop = null
  })

  return { follows, items, error, refresh, authorName, liveAgenda, dropEvent }
}
