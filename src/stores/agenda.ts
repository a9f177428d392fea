// The agenda's data for the views: the live list of upcoming events (kept current by the
// database's broadcast on `agenda:alle`), one event, and writing events and initiatives. Every
// rule is checked in Postgres; this store only carries requests and answers.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '@/api/agenda'
import { subscribeAgenda, type AgendaMessage, type ConnectionState } from '@/api/realtime'
import type { AgendaEvent, AgendaFilters } from '@/api/agenda'

export type {
  AgendaEvent,
  ContactMessageInput,
  AgendaFilters,
  EventInput,
  Initiative,
  InitiativeFilters,
  InitiativeInput,
} from '@/api/agenda'

const EVENT_KEYS = [
  'id',
  'kind',
  'title',
  'description',
  'starts_at',
  'ends_at',
  'place',
  'neighbourhood_id',
  'theme_id',
  'capacity',
  'languages',
  'step_free',
  'hearing_loop',
  'childcare',
  'access_notes',
  'initiative_id',
  'attending_count',
  'waiting_count',
  'cancelled_at',
  'cancel_reason',
] as const satisfies readonly (keyof AgendaEvent)[]

/** Does an event belong in the list with these filters at `now`? (as listUpcomingEvents asks) */
export function fits(event: AgendaEvent, filters: AgendaFilters, now = Date.now()): boolean {
  if (new Date(event.ends_at).getTime() < now) return false
  if (filters.neighbourhoodId && event.neighbourhood_id !== filters.neighbourhoodId) return false
  if (filters.thisWeek && new Date(event.starts_at).getTime() >= now + 7 * 86_400_000) return false
  return true
}

/**
 * The list after one broadcast: a new or changed event is put in its place by time (or taken out
 * when it no longer fits the filters), a hidden one is taken out. Returns whether it is new here.
 */
export function applyAgendaMessage(
  events: AgendaEvent[],
  message: AgendaMessage,
  filters: AgendaFilters,
  now = Date.now(),
): { events: AgendaEvent[]; added: AgendaEvent | null } {
  if (message.event === 'gone') {
    return { events: events.filter((e) => e.id !== message.id), added: null }
  }
  const row = Object.fromEntries(EVENT_KEYS.map((k) => [k, message.row[k] ?? null])) as AgendaEvent
  const others = events.filter((e) => e.id !== row.id)
  if (!fits(row, filters, now)) return { events: others, added: null }
  const next = [...others, row].sort(
    (a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.id.localeCompare(b.id),
  )
  const added = events.some((e) => e.id === row.id) ? null : row
  return { events: next, added }
}

export const useAgendaStore = defineStore('agenda', () => {
  const events = ref<AgendaEvent[]>([])
  const filters = ref<AgendaFilters>({})
  const connection = ref<ConnectionState>('connecting')
  /** The last event that arrived live, for the page to announce. */
  const arrived = ref<AgendaEvent | null>(null)
  let stop: (() => void) | null = null

  async function load(next: AgendaFilters) {
    filters.value = { ...next }
    events.value = await api.listUpcomingEvents(next)
  }

  function live() {
    if (stop) return
    stop = subscribeAgenda(
      (message) => {
        const result = applyAgendaMessage(events.value, message, filters.value)
        events.value = result.events
        if (result.added) arrived.value = result.added
      },
      (state) => (connection.value = state),
    )
  }

  function stopLive() {
    stop?.()
    stop = null
  }

  return {
    events,
    filters,
    connection,
    arrived,
    load,
    live,
    stopLive,
    getEvent: api.getEvent,
    getMySignup: api.getMySignup,
    getEventAddress: api.getEventAddress,
    joinEvent: api.joinEvent,
    leaveEvent: api.leaveEvent,
    createEvent: api.createEvent,
    changeEvent: api.changeEvent,
    cancelEvent: api.cancelEvent,
    isOrganiser: api.isOrganiser,
    listInitiatives: api.listInitiatives,
    getInitiative: api.getInitiative,
    listMyInitiatives: api.listMyInitiatives,
    eventsOfInitiative: api.eventsOfInitiative,
    createInitiative: api.createInitiative,
    initiativeFromIdea: api.initiativeFromIdea,
    initiativeOfIdea: api.initiativeOfIdea,
    sendContactMessage: (input: api.ContactMessageInput) => api.sendContactMessage(input),
  }
})
