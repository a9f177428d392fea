import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  follow as addFollow,
  listFollows,
  unfollow as removeFollow,
  type Follow,
} from '@/api/follows'
import { markNeighbourhoodSeen } from '@/api/feed'
import { useSessionStore } from '@/stores/session'

/** What a follow points at: one idea, or one buurt. */
export interface FollowTarget {
  ideaId?: string
  neighbourhoodId?: string
}

/**
 * The ideas and buurten the signed-in person follows, shared by every page that shows a follow
 * button, so following on one page shows on the next. Signed out, it follows nothing.
 */
export const useFollowsStore = defineStore('follows', () => {
  const session = useSessionStore()
  const follows = ref<Follow[]>([])

  const neighbourhoodIds = computed(() =>
    follows.value.flatMap((f) => (f.neighbourhood_id ? [f.neighbourhood_id] : [])),
  )
  const ideaIds = computed(() => follows.value.flatMap((f) => (f.idea_id ? [f.idea_id] : [])))

  function isFollowing(target: FollowTarget): boolean {
    return target.ideaId
      ? ideaIds.value.includes(target.ideaId)
      : !!target.neighbourhoodId && neighbourhoodIds.value.includes(target.neighbourhoodId)
  }

  async function load(): Promise<void> {
    follows.value = session.userId ? await listFollows(session.userId) : []
  }

  async function follow(target: FollowTarget): Promise<void> {
    await addFollow(target)
    await load()
  }

  async function unfollow(target: FollowTarget): Promise<void> {
    if (!session.userId) return
    await removeFollow(session.userId, target)
    await load()
  }

  /** Marks everything in a followed buurt as seen (the partner's feed). */
  async function markSeen(neighbourhoodId: string): Promise<void> {
    if (session.userId) await markNeighbourhoodSeen(session.userId, neighbourhoodId)
  }

  return { follows, neighbourhoodIds, ideaIds, isFollowing, load, follow, unfollow, markSeen }
})
