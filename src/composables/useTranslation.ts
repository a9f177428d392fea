// "Vertaal naar het Nederlands" / "Toon origineel" for one text with one or more fields (an idea's
// title and body, a comment's body, an answer's message). The button is offered to signed-in
// people when the project has a provider and the text is in another language than the reader's
// interface; the translation is asked for once and kept while the page is open.
import { computed, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorKey } from '@/api/errors'
import { translateText, translationAvailable, type TranslatableTable } from '@/api/translate'
import type { Locale } from '@/lib/appConfig'
import { useSessionStore } from '@/stores/session'
import { SUPPORTED_LOCALES } from '@/i18n'

/** Asked once per page load: whether the function has a provider. */
const available = ref<boolean | null>(null)
let asking: Promise<void> | null = null

export function loadTranslationAvailability(): Promise<void> {
  asking ??= translationAvailable()
    .then((yes) => void (available.value = yes))
    .catch(() => void (available.value = false))
  return asking
}

/** For tests: forget what the function said. */
export function resetTranslationAvailability() {
  available.value = null
  asking = null
}

export interface TranslatableSource {
  table: TranslatableTable
  id: string
  /** The language the text was written in. */
  language: string
  /** Field name to the text as shown now (the key identifies what changed). */
  fields: Record<string, string>
}

export function useTranslation(source: () => TranslatableSource) {
  const { t, locale } = useI18n()
  const session = useSessionStore()
  const translated: Ref<Record<string, string> | null> = ref(null)
  const showing = ref(false)
  const busy = ref(false)
  const error = ref('')

  // Asked only when a button could be shown: a signed-in reader and a text in another language.
  watch(
    () => session.signedIn && !!source().id && source().language !== locale.value,
    (could) => could && void loadTranslationAvailability(),
    { immediate: true },
  )

  // A new text (an edit, another comment, another language): ask again when wanted.
  watch(
    () => [JSON.stringify(source().fields), source().id, locale.value],
    () => {
      translated.value = null
      showing.value = false
      error.value = ''
    },
  )

  const offered = computed(
    () =>
      available.value === true &&
      session.signedIn &&
      source().language !== locale.value &&
      Object.values(source().fields).some((text) => text.trim() !== ''),
  )

  async function toggle() {
    if (showing.value) {
      showing.value = false
      return
    }
    if (translated.value) {
      showing.value = true
      return
    }
    error.value = ''
    busy.value = true
    try {
      const { table, id, fields } = source()
      const target = locale.value as Locale
      const entries = await Promise.all(
        Object.keys(fields).map(
          async (field) => [field, await translateText({ table, id, field, target })] as const,
        ),
      )
      translated.value = Object.fromEntries(entries)
      showing.value = true
    } catch (e) {
      error.value = t(errorKey(e))
    } finally {
      busy.value = false
    }
  }

  /** The text of a field as it should be shown now. */
  const text = (field: string) =>
    showing.value && translated.value ? translated.value[field] : source().fields[field]
  /** The `lang` of what is shown. */
  const lang = computed(() => (showing.value ? locale.value : source().language))

  return { offered, showing, busy, error, toggle, text, lang }
}

/** The five languages a text can be written in, by their own names, for a form's choice. */
export function useTextLanguages() {
  const { t, locale } = useI18n()
  const options = computed(() =>
    SUPPORTED_LOCALES.map((value) => ({ value, label: t(`language.names.${value}`) })),
  )
  return { options, current: () => locale.value }
}
