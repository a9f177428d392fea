import { ref } from 'vue'
import { listAuditLog, type LogEntry } from '@/api/moderation'
import { useAuthors } from './useAuthors'

/** The team's log, newest first, a page at a time, with the names of who did what. */
export function useAuditLog(pageSize = 100) {
  const entries = ref<LogEntry[]>([])
  const error = ref<unknown>(null)
  const done = ref(false)
  const { load: loadActors, name: actorName } = useAuthors()

  /** Reads the next page; `done` once a page comes back short. */
  async function more(): Promise<void> {
    error.value = null
    try {
      const page = await listAuditLog(pageSize, entries.value.at(-1)?.id)
      done.value = page.length < pageSize
      entries.value = [...entries.value, ...page]
      await loadActors(page.map((e) => e.actor_id))
    } catch (e) {
      error.value = e
    }
  }

  return { entries, error, done, more, actorName }
}
