import { ref } from 'vue'
import { fetchAuthors, type PublicAuthor } from '@/api/profiles'
import { useAuthorName } from './useAuthorName'

/**
 * Who wrote what on a page: one lookup of the people it shows, each asked for once, and one way
 * to name them ("Roy (Woonbedrijf)", or "Iemand" for a deleted account). `load` may be called
 * again with more ids (a new comment, the next page of the log).
 */
export function useAuthors() {
  const authors = ref(new Map<string, PublicAuthor>())
  /** Whether the first names are in: until then an unknown author is blank, not "Iemand". */
  const ready = ref(false)
  const formatAuthor = useAuthorName()

  /** Loads the people not asked for yet. A failed lookup leaves their names as "Iemand". */
  async function load(ids: (string | null | undefined)[]): Promise<void> {
    const missing = [...new Set(ids.filter((a): a is string => !!a && !authors.value.has(a)))]
    try {
      if (missing.length === 0) return
      const rows = await fetchAuthors(missing).catch(() => [])
      const next = new Map(authors.value)
      for (const row of rows) next.set(row.id, row)
      authors.value = next
    } finally {
      ready.value = true
    }
  }

  /** Forgets that the names are in, for a page that loads someone else's content. */
  function reset(): void {
    ready.value = false
  }

  function name(authorId: string | null | undefined): string {
    const author = authorId ? authors.value.get(authorId) : undefined
    if (!author && authorId && !ready.value) return ''
    return formatAuthor(author?.display_name, author?.organisation_id)
  }

  return { authors, ready, load, reset, name }
}
