import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { fetchAppConfig } from '@/api/appConfig'
import { setAreaMessages } from '@/i18n'
import { DEFAULT_CONFIG, translated, type AppConfig } from '@/lib/appConfig'

/**
 * The area's settings and the rules Postgres enforces, read once when the app starts (in
 * parallel with the first screen's other requests, see main.ts) and kept for the visit.
 * Until the answer arrives, or when it cannot (offline), the defaults of lib/appConfig.ts apply.
 */
export const useAppConfigStore = defineStore('appConfig', () => {
  const config = ref<AppConfig>(DEFAULT_CONFIG)
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  const settings = computed(() => config.value.settings)
  const rules = computed(() => config.value.rules)
  const themes = computed(() => config.value.themes)
  const themeBySlug = computed(() => new Map(themes.value.map((t) => [t.slug, t])))
  const bounds = computed(() => ({
    south: Number(settings.value.bounds_south),
    north: Number(settings.value.bounds_north),
    west: Number(settings.value.bounds_west),
    east: Number(settings.value.bounds_east),
  }))
  const centre = computed<[number, number]>(() => [
    Number(settings.value.map_centre_lat),
    Number(settings.value.map_centre_lng),
  ])

  function apply(next: AppConfig) {
    config.value = next
    setAreaMessages({
      name: next.settings.area_name,
      city: next.settings.city,
      programme: next.settings.programme_name,
      answerDays: String(next.settings.answer_days),
      ideaEditHours: String(next.rules.idea_edit_hours),
      commentEditMinutes: String(next.rules.comment_edit_minutes),
      titleMin: String(next.rules.idea_title_min),
      titleMax: String(next.rules.idea_title_max),
      bodyMin: String(next.rules.idea_body_min),
    })
    if (typeof document !== 'undefined' && /^#[0-9a-f]{6}$/i.test(next.settings.brand_colour)) {
      const root = document.documentElement.style
      root.setProperty('--emmer-color-primary', next.settings.brand_colour)
      // Darker still, so white text keeps at least the contrast Postgres checked.
      root.setProperty(
        '--emmer-color-primary-dark',
        `color-mix(in srgb, ${next.settings.brand_colour} 70%, black)`,
      )
      document
        .querySelector('meta[name="theme-color"]')
        ?.setAttribute('content', next.settings.brand_colour)
    }
    loaded.value = true
  }

  function load(force = false): Promise<void> {
    if (force) loading = null
    loading ??= fetchAppConfig()
      .then(apply)
      .catch((error: unknown) => {
        loading = null
        throw error
      })
    return loading
  }

  /** A theme's name in the reader's language, or Dutch, or (never seen yet) its slug. */
  function themeName(slug: string | null | undefined, locale: string): string {
    if (!slug) return ''
    return translated(themeBySlug.value.get(slug)?.name, locale) || slug
  }

  function themeExplanation(slug: string | null | undefined, locale: string): string {
    return slug ? translated(themeBySlug.value.get(slug)?.explanation, locale) : ''
  }

  return {
    config,
    loaded,
    settings,
    rules,
    themes,
    bounds,
    centre,
    load,
    apply,
    themeName,
    themeExplanation,
  }
})
