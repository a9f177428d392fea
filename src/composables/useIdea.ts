import { computed, onScopeDispose, ref, watch } from 'vue'
import { listCoalitions, type Coalition } from '@/api/coalitions'
import { listComments, type Comment } from '@/api/comments'
import { getIdea, listIdeaUpdates, type Idea, type IdeaUpdate } from '@/api/ideas'
import { listFollows } from '@/api/follows'
import { hasVoted } from '@/api/votes'
import { useAppConfigStore } from '@/stores/appConfig'
import { useLookupsStore } from '@/stores/lookups'
import { claim } from '@/lib/firstLoad'
import { ideaKeys } from '@/router/firstScreen'
import { useByline } from './useAuthorName'
import { useAuthors } from './useAuthors'

/**
 * Everything the idea page shows, refreshed piecewise by realtime. The idea, its trail and its
 * comments need only the id, so they load in one round; names and the reader's own vote follow.
 */
export function useIdea(id: () => string, userId: () => string | null) {
  const lookups = useLookupsStore()
  const idea = ref<Idea | null>(null)
  const updates = ref<IdeaUpdate[]>([])
  const comments = ref<Comment[]>([])
  const coalition = ref<Coalition | null>(null)
  const voted = ref(false)
  /** Whether `voted` has been asked for this reader (it loads after the idea). */
  const voteKnown = ref(false)
  const following = ref(false)
  const error = ref<unknown>(null)
  const loading = ref(true)
  // Until the first names arrive, a name is blank rather than a wrong "anonymous".
  const { load: loadAuthors, reset: resetAuthors, name: authorName } = useAuthors()

  const author = computed(() => (idea.value ? authorName(idea.value.author_id) : ''))
  const bylineFor = useByline()
  const byline = computed(() =>
    idea.value ? bylineFor(idea.value.channel, authorName(idea.value.author_id)) : '',
  )

  async function loadComments() {
    comments.value = await listComments(id())
    await loadAuthors(comments.value.map((c) => c.author_id))
  }

  async function loadUpdates() {
    updates.value = await listIdeaUpdates(id())
  }

  async function loadIdea() {
    idea.value = await claim(ideaKeys(id()).idea, () => getIdea(id()))
    const coalitionId = idea.value.coalition_id
    coalition.value = coalitionId
      ? ((await listCoalitions().catch(() => [])).find((c) => c.id === coalitionId) ?? null)
      : null
  }

  async function load() {
    loading.value = true
    error.value = null
    resetAuthors()
    voteKnown.value = false
    try {
      await Promise.all([
        lookups.load().catch(() => undefined),
        loadIdea(),
        claim(ideaKeys(id()).updates, () => listIdeaUpdates(id())).then(
          (rows) => (updates.value = rows),
        ),
        claim(ideaKeys(id()).comments, () => listComments(id())).then(
          (rows) => (comments.value = rows),
        ),
      ])
    } catch (e) {
      error.value = e
      loading.value = false
      return
    }
    // The page shows now; the names of the author and commenters and the reader's own vote
    // follow without holding it up.
    loading.value = false
    try {
      await Promise.all([
        loadAuthors([idea.value!.author_id, ...comments.value.map((c) => c.author_id)]),
        loadPersonal(),
      ])
    } catch (e) {
      error.value = e
    }
  }

  async function loadPersonal() {
    const user = userId()
    if (!user) {
      voted.value = false
      following.value = false
      voteKnown.value = true
      return
    }
    const [v, follows] = await Promise.all([
      hasVoted(id(), user).catch(() => false),
      listFollows(user).catch(() => []),
    ])
    voted.value = v
    voteKnown.value = true
    following.value = follows.some((f) => f.idea_id === id())
  }

  // What the author may still do, only to decide which buttons to show: the database decides.
  const isAuthor = computed(() => !!idea.value && !!userId() && idea.value.author_id === userId())
  // What the team hid stays as it was: its author can no longer change or withdraw it.
  const isOpenToAuthor = computed(
    () => isAuthor.value && idea.value!.status === 'new' && !idea.value!.hidden_at,
  )
  // How long an author may change a new idea: the database's rule (idea_edit_window_closed),
  // from app_config().rules.
  const appConfig = useAppConfigStore()
  const editableUntil = computed(() =>
    idea.value
      ? new Date(
          Date.parse(idea.value.created_at) + appConfig.rules.idea_edit_hours * 60 * 60 * 1000,
        )
      : null,
  )
  const now = ref(Date.now())
  let closeTimer: ReturnType<typeof setTimeout> | undefined
  // The edit button goes away by itself when the window is over.
  watch(
    editableUntil,
    (until) => {
      clearTimeout(closeTimer)
      now.value = Date.now()
      const left = until ? until.getTime() - now.value : 0
      if (left > 0) closeTimer = setTimeout(() => (now.value = Date.now()), left + 1000)
    },
    { immediate: true },
  )
  onScopeDispose(() => clearTimeout(closeTimer))
  const canEdit = computed(
    () =>
      isOpenToAuthor.value && !!editableUntil.value && editableUntil.value.getTime() > now.value,
  )
  // Only the author's own vote may be on it. Their vote loads after the idea: until it is known,
  // neither the button nor the "others voted" note shows.
  const votesByOthers = computed(() =>
    voteKnown.value && idea.value ? idea.value.vote_count - (voted.value ? 1 : 0) : null,
  )
  const canWithdraw = computed(
    () => isOpenToAuthor.value && votesByOthers.value !== null && votesByOthers.value <= 0,
  )
  const othersVoted = computed(() => isOpenToAuthor.value && (votesByOthers.value ?? 0) > 0)

  return {
    idea,
    updates,
    comments,
    coalition,
    voted,
    following,
    error,
    loading,
    author,
    byline,
    authorName,
    isAuthor,
    editableUntil,
    canEdit,
    canWithdraw,
    othersVoted,
    load,
    loadIdea,
    loadComments,
    loadUpdates,
    loadPersonal,
  }
}
