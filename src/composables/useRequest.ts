import { ref, type Ref } from 'vue'

/**
 * One read for a page or section: `data` once it is in, `error` when it failed (what was shown
 * stays), `loading` meanwhile, `loaded` after the first success. `load` asks again (retry, a new
 * period); only the newest answer is kept, so a slow old one never overwrites it.
 */
export function useRequest<T>(read: () => Promise<T>) {
  const data = ref(null) as Ref<T | null>
  const error = ref<unknown>(null)
  const loading = ref(false)
  const loaded = ref(false)
  let asked = 0

  async function load(): Promise<void> {
    const mine = ++asked
    loading.value = true
    error.value = null
    try {
      const answer = await read()
      if (mine !== asked) return
      data.value = answer
      loaded.value = true
    } catch (e) {
      if (mine === asked) error.value = e
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  return { data, error, loading, loaded, load }
}
