import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorKey } from '@/api/errors'

/**
 * One request at a time for a form: `busy` while it runs, and `error` with the refusal in the
 * person's language when it fails, so what they typed stays in the form. `failure` is the error
 * itself, for a component that words it its own way (ModerationErrorAlert).
 */
export function useAction() {
  const { t } = useI18n()
  const error = ref('')
  const busy = ref(false)
  const failure = ref<unknown>(null)

  async function run(action: () => Promise<void>): Promise<void> {
    error.value = ''
    failure.value = null
    busy.value = true
    try {
      await action()
    } catch (e) {
      failure.value = e
      error.value = t(errorKey(e))
    } finally {
      busy.value = false
    }
  }

  return { error, failure, busy, run }
}
