import { ref, watch } from 'vue'
import type { IdeaText } from '@/api/ideas'

export const EDIT_DRAFT_PREFIX = 'emmer.ideaEdit.'

function read(key: string): IdeaText | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<IdeaText> | null
    if (typeof parsed?.title !== 'string' || typeof parsed.body !== 'string') return null
    return { title: parsed.title, body: parsed.body }
  } catch {
    return null
  }
}

/**
 * The text of an idea being changed, kept like the new-idea draft (useIdeaDraft): saved on every
 * change, so a failed request or a reload loses nothing. One draft per idea; `clear` after saving
 * or when the author stops.
 */
export function useIdeaEditDraft(ideaId: string, current: IdeaText) {
  const key = EDIT_DRAFT_PREFIX + ideaId
  const stored = read(key)
  const restored = ref(
    Boolean(stored && (stored.title !== current.title || stored.body !== current.body)),
  )
  const text = ref<IdeaText>(
    restored.value ? stored! : { title: current.title, body: current.body },
  )

  watch(
    text,
    (value) => {
      try {
        localStorage.setItem(key, JSON.stringify(value))
      } catch {
        // Storage full or blocked: the form still keeps the text while it is open.
      }
    },
    { deep: true },
  )

  function clear() {
    try {
      localStorage.removeItem(key)
    } catch {
      // ignore
    }
  }

  return { text, restored, clear }
}
