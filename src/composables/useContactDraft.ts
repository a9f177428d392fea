import { ref, watch } from 'vue'

/** A message to an organiser while it is being written, kept per initiative or event. */
export interface ContactDraft {
  /** Made once per draft and kept across retries and reloads: the database sends it once. */
  id: string
  body: string
  shareEmail: boolean
}

export const contactDraftKey = (target: { initiativeId?: string; eventId?: string }) =>
  target.initiativeId
    ? `emmer.contactDraft.initiative.${target.initiativeId}`
    : `emmer.contactDraft.event.${target.eventId}`

function fresh(): ContactDraft {
  return { id: crypto.randomUUID(), body: '', shareEmail: false }
}

function read(key: string): ContactDraft | null {
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<ContactDraft>
    if (typeof parsed.id !== 'string') return null
    return {
      id: parsed.id,
      body: typeof parsed.body === 'string' ? parsed.body : '',
      shareEmail: parsed.shareEmail === true,
    }
  } catch {
    return null
  }
}

/** The "Stuur een bericht" form, saved on every change so a reload or a failed send loses nothing. */
export function useContactDraft(key: string) {
  const stored = read(key)
  const restored = ref(Boolean(stored?.body))
  const draft = ref<ContactDraft>(stored ?? fresh())

  watch(
    draft,
    (value) => {
      try {
        localStorage.setItem(key, JSON.stringify(value))
      } catch {
        // Storage full or blocked: the form still works, only without the safety net.
      }
    },
    { deep: true },
  )

  /** After the message is sent: an empty draft with a new id for the next one. */
  function reset() {
    restored.value = false
    draft.value = fresh()
    try {
      localStorage.removeItem(key)
    } catch {
      // ignore
    }
  }

  return { draft, restored, reset }
}
