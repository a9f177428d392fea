import { ref, watch } from 'vue'
import type { EventKind } from '@/api/agenda'

export interface EventDraft {
  /** Made once per draft and kept across retries and reloads: the database dedupes on it. */
  id: string
  kind: EventKind
  title: string
  description: string
  /** Wall-clock times in Europe/Amsterdam, as a datetime-local input gives them. */
  starts: string
  ends: string
  place: string
  address: string
  neighbourhoodId: string
  themeId: string
  capacity: string
  languages: string[]
  stepFree: boolean
  hearingLoop: boolean
  childcare: boolean
  accessNotes: string
  initiativeId: string
  ideaId: string
  coalitionId: string
}

export const EVENT_DRAFT_KEY = 'emmer.eventDraft'

export function freshEventDraft(): EventDraft {
  return {
    id: crypto.randomUUID(),
    kind: 'meetup',
    title: '',
    description: '',
    starts: '',
    ends: '',
    place: '',
    address: '',
    neighbourhoodId: '',
    themeId: '',
    capacity: '',
    languages: ['nl'],
    stepFree: false,
    hearingLoop: false,
    childcare: false,
    accessNotes: '',
    initiativeId: '',
    ideaId: '',
    coalitionId: '',
  }
}

function read(): EventDraft | null {
  try {
    const raw = localStorage.getItem(EVENT_DRAFT_KEY)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<EventDraft>
    if (typeof parsed.id !== 'string') return null
    return { ...freshEventDraft(), ...parsed }
  } catch {
    return null
  }
}

/** The event form, saved on every change so a reload or a failed request loses nothing. */
export function useEventDraft() {
  const stored = read()
  const restored = ref(Boolean(stored && (stored.title || stored.description || stored.place)))
  const draft = ref<EventDraft>(stored ?? freshEventDraft())

  watch(
    draft,
    (value) => {
      try {
        localStorage.setItem(EVENT_DRAFT_KEY, JSON.stringify(value))
      } catch {
        // Storage full or blocked: the form still works, only without the safety net.
      }
    },
    { deep: true },
  )

  /** After the event is made: a new draft (and a new id) for the next one. */
  function clear() {
    try {
      localStorage.removeItem(EVENT_DRAFT_KEY)
    } catch {
      // ignore
    }
  }

  return { draft, restored, clear }
}
