import { ref, watch } from 'vue'
import type { IdeaKind } from '@/api/types'

export interface IdeaDraft {
  /** Made once per draft and kept across retries and reloads: the database dedupes on it. */
  id: string
  title: string
  body: string
  kind: IdeaKind
  neighbourhoodId: string
  themeId: string
  lat: number | null
  lng: number | null
}

export const DRAFT_KEY = 'emmer.ideaDraft'

function fresh(): IdeaDraft {
  return {
    id: crypto.randomUUID(),
    title: '',
    body: '',
    kind: 'idea',
    neighbourhoodId: '',
    themeId: '',
    lat: null,
    lng: null,
  }
}

function read(): IdeaDraft | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<IdeaDraft>
    if (typeof parsed.id !== 'string') return null
    return { ...fresh(), ...parsed }
  } catch {
    return null
  }
}

/** The idea form's text, saved on every change so a reload or a failed request loses nothing. */
export function useIdeaDraft() {
  const stored = read()
  const restored = ref(Boolean(stored && (stored.title || stored.body)))
  const draft = ref<IdeaDraft>(stored ?? fresh())

  watch(
    draft,
    (value) => {
      try {
        localStorage.setItem(DRAFT_KEY, JSON.stringify(value))
      } catch {
        // Storage full or blocked: the form still works, only without the safety net.
      }
    },
    { deep: true },
  )

  function clear() {
    try {
      localStorage.removeItem(DRAFT_KEY)
    } catch {
      // ignore
    }
  }

  return { draft, restored, clear }
}
