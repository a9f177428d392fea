/**
 * The area's settings and the rules Postgres enforces, as `public.app_config()` returns them
 * (supabase/migrations/20261202750100_create_area_settings.sql). The app reads them once, next to
 * the first screen's other requests (stores/appConfig.ts), and uses them instead of its own copies.
 *
 * DEFAULT_RULES are what the app uses until the answer arrives, or when it cannot come (offline):
 * tests/db/app-config.test.ts fails when they disagree with the database. DEFAULT_SETTINGS name no
 * area at all, so that a page never shows another area's name while the real one is on its way.
 */
/** The five languages (as SUPPORTED_LOCALES in src/i18n; not imported, so Node tests can load this). */
export type Locale = 'nl' | 'en' | 'tr' | 'ar' | 'pl'

export type Translations = Partial<Record<Locale, string>>

export interface AreaSettings {
  area_name: string
  city: string
  programme_name: string
  contact_email: string
  contact_phone: string
  contact_address: string
  walk_in_hours: Translations
  answer_days: number
  map_centre_lat: number
  map_centre_lng: number
  bounds_south: number
  bounds_north: number
  bounds_west: number
  bounds_east: number
  brand_colour: string
  event_capacity_max?: number
  visit_group_max?: number
  updated_at?: string
}

export interface RateLimit {
  max: number
  window_seconds: number
}

export interface AppRules {
  idea_title_min: number
  idea_title_max: number
  idea_body_min: number
  idea_body_max: number
  comment_body_max: number
  idea_edit_hours: number
  comment_edit_minutes: number
  coalition_max_partners_per_resident: number
  answer_days: number
  /** The most places an event may have, and a visit (area_settings; enforced in Postgres). */
  event_capacity_max: number
  visit_group_max: number
  limits: Record<string, RateLimit>
}

export interface ThemeTexts {
  id: string
  slug: string
  name: Translations
  explanation: Translations
}

export interface AppConfig {
  settings: AreaSettings
  rules: AppRules
  themes: ThemeTexts[]
}

export const DEFAULT_RULES: Omit<
  AppRules,
  'limits' | 'answer_days' | 'event_capacity_max' | 'visit_group_max'
> = {
  idea_title_min: 5,
  idea_title_max: 120,
  idea_body_min: 20,
  idea_body_max: 5000,
  comment_body_max: 2000,
  idea_edit_hours: 24,
  comment_edit_minutes: 15,
  coalition_max_partners_per_resident: 1,
}

export const DEFAULT_SETTINGS: AreaSettings = {
  area_name: '',
  city: '',
  programme_name: '',
  contact_email: '',
  contact_phone: '',
  contact_address: '',
  walk_in_hours: {},
  answer_days: 14,
  // The Netherlands, roughly, until the area's own map arrives.
  map_centre_lat: 52.1,
  map_centre_lng: 5.3,
  bounds_south: 50.7,
  bounds_north: 53.6,
  bounds_west: 3.3,
  bounds_east: 7.3,
  brand_colour: '#0b5c56',
}

export const DEFAULT_CONFIG: AppConfig = {
  settings: DEFAULT_SETTINGS,
  rules: {
    ...DEFAULT_RULES,
    answer_days: DEFAULT_SETTINGS.answer_days,
    event_capacity_max: 1000,
    visit_group_max: 15,
    limits: {},
  },
  themes: [],
}

/** A text in the reader's language, or Dutch when that language was left empty. */
export function translated(texts: Translations | undefined, locale: string): string {
  return texts?.[locale as Locale]?.trim() || texts?.nl?.trim() || ''
}

/** The languages a text leaves empty (the admin page lists them for the team). */
export function missingLanguages(texts: Translations, locales: readonly Locale[]): Locale[] {
  return locales.filter((l) => !texts[l]?.trim())
}

/** WCAG 2.x relative luminance of a #rrggbb colour; the contrast of white text on it. */
export function whiteContrast(colour: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
}
