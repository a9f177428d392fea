import { useI18n } from 'vue-i18n'
import { useAppConfigStore } from '@/stores/appConfig'

/**
 * A theme's name and one-sentence explanation in the reader's language, from the database
 * (public.themes.name, .explanation via app_config()); a language left empty falls back to Dutch.
 */
export function useThemeText() {
  const { locale } = useI18n()
  const config = useAppConfigStore()
  return {
    themeName: (slug: string | null | undefined) => config.themeName(slug, locale.value),
    themeExplanation: (slug: string | null | undefined) =>
      config.themeExplanation(slug, locale.value),
  }
}
