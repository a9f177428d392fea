import { computed, ref } from 'vue'
import { listCommentsByAuthor, type Comment } from '@/api/comments'
import { listIdeasByAuthor, listIdeasByIds, type IdeaCardRow } from '@/api/ideas'
import { useFollowsStore } from '@/stores/follows'

/**
 * What one person wrote and follows, for their own page: their ideas, their comments, their
 * follows (through the follows store, so a follow on another page shows here) and the ideas
 * they follow. A failed read throws and leaves the lists as they were.
 */
export function useMyActivity() {
  const followsStore = useFollowsStore()
  const ideas = ref<IdeaCardRow[]>([])
  const comments = ref<Comment[]>([])
  const followedIdeas = ref<IdeaCardRow[]>([])
  const follows = computed(() => followsStore.follows)

  async function load(userId: string): Promise<void> {
    const [mine, written] = await Promise.all([
      listIdeasByAuthor(userId),
      listCommentsByAuthor(userId),
      followsStore.load(),
    ])
    const followed = await listIdeasByIds(followsStore.ideaIds)
    ideas.value = mine
    comments.value = written
    followedIdeas.value = followed
  }

  return { ideas, comments, follows, followedIdeas, load }
}
