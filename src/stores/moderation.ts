import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  createCoalition,
  listQueue,
  mergeIdea,
  searchIdeas,
  updateCoalition,
  type CoalitionInput,
  type QueueFilters,
  type QueueIdea,
} from '@/api/moderation'
import { listCoalitions, type Coalition } from '@/api/coalitions'
import { assignIdea, getAssignee, listTeamMembers, type TeamMember } from '@/api/followUp'
import { subscribeChanges } from '@/api/realtime'
import type { ConnectionBanner } from '@/composables/useLive'
import { isOpen } from '@/lib/statuses'

/**
 * The team's triage queue, kept live: a new idea appears without a reload, an answered one leaves.
 * Shared by the queue and the idea page so that answering an idea updates the list at once.
 */
export const useModerationStore = defineStore('moderation', () => {
  const queue = ref<QueueIdea[]>([])
  const filters = ref<QueueFilters>({})
  const loading = ref(false)
  const error = ref<unknown>(null)
  const arrivals = ref(0)
  const coalitions = ref<Coalition[]>([])
  /** Moderators and admins, to show who picked up an idea. */
  const team = ref<TeamMember[]>([])
  let stop: (() => void) | null = null

  const sorted = computed(() =>
    [...queue.value].sort((a, b) => a.created_at.localeCompare(b.created_at)),
  )

  function matches(idea: QueueIdea): boolean {
    return (
      isOpen(idea.status) &&
      // Withdrawn by its author: it waits for nobody (a report on it stays on the reports page).
      !idea.withdrawn_at &&
      (!filters.value.neighbourhoodId || idea.neighbourhood_id === filters.value.neighbourhoodId) &&
      (!filters.value.themeId || idea.theme_id === filters.value.themeId)
    )
  }

  async function load() {
    loading.value = true
    error.value = null
    try {
      queue.value = await listQueue(filters.value)
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  function upsert(idea: QueueIdea) {
    const known = queue.value.find((i) => i.id === idea.id)
    // A quiet idea's row does not say whether the team just wrote a public update: ask again.
    if (known?.stalled) {
      void load()
      return
    }
    const rest = queue.value.filter((i) => i.id !== idea.id)
    // A new idea has nobody yet, so it never belongs under "mine"; a known one keeps its assignee.
    const fits = matches(idea) && (filters.value.assigned !== 'mine' || !!known)
    queue.value = fits ? [...rest, { ...known, ...idea }] : rest
  }

  function remove(id: string) {
    queue.value = queue.value.filter((i) => i.id !== id)
  }

  /** Ideas that could be the original of a duplicate (two letters or more), never itself. */
  function searchOriginals(query: string, duplicateId: string) {
    return searchIdeas(query, duplicateId)
  }

  /** Merges a duplicate into its original with a message to its author; it leaves the queue. */
  async function merge(duplicateId: string, originalId: string, message: string): Promise<void> {
    await mergeIdea(duplicateId, originalId, message)
    remove(duplicateId)
  }

  /**
   * Starts the live subscription; `onArrival` hears of each new idea (for the announcement), and
   * `banner` is the page's connection banner, through which a lost connection reloads the queue.
   */
  function watch(onArrival: (idea: QueueIdea) => void, banner: ConnectionBanner) {
    stop?.()
    stop = subscribeChanges(
      'moderation-queue',
      [
        {
          table: 'ideas',
          event: 'INSERT',
          handler: ({ new: row }) => {
            const idea = row as unknown as QueueIdea
            if (!matches(idea)) return
            upsert(idea)
            arrivals.value++
            onArrival(idea)
          },
        },
        {
          table: 'ideas',
          event: 'UPDATE',
          handler: ({ new: row }) => upsert(row as unknown as QueueIdea),
        },
        { table: 'ideas', event: 'DELETE', handler: ({ old }) => remove(String(old.id)) },
      ],
      banner.onState,
      banner.onBack(() => void load()),
    )
  }

  function unwatch() {
    stop?.()
    stop = null
  }

  async function loadTeam() {
    if (!team.value.length) team.value = await listTeamMembers()
  }

  /** Who on the team has the idea (null: nobody). */
  async function assigneeOf(ideaId: string): Promise<string | null> {
    return getAssignee(ideaId)
  }

  /** Gives the idea to a team member (null: back to nobody); the queue shows it at once. */
  async function assign(ideaId: string, to: string | null): Promise<void> {
    await assignIdea(ideaId, to)
    queue.value = queue.value.map((i) => (i.id === ideaId ? { ...i, assignee_id: to } : i))
  }

  async function loadCoalitions(force = false) {
    if (coalitions.value.length && !force) return
    coalitions.value = await listCoalitions()
  }

  /** Saves a coalition's name, description and theme (a new one when `id` is null); its id. */
  async function saveCoalition(id: string | null, input: CoalitionInput): Promise<string> {
    if (id) await updateCoalition(id, input)
    return id ?? (await createCoalition(input))
  }

  return {
    queue: sorted,
    filters,
    loading,
    error,
    arrivals,
    coalitions,
    team,
    loadTeam,
    assigneeOf,
    assign,
    load,
    remove,
    searchOriginals,
    merge,
    watch,
    unwatch,
    loadCoalitions,
    saveCoalition,
  }
})
