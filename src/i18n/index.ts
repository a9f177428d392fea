import { createI18n } from 'vue-i18n'
import nl from './locales/nl.json'
import { TEAM_NAMESPACES } from '@/lib/teamMessages'

export const SUPPORTED_LOCALES = ['nl', 'en', 'tr', 'ar', 'pl'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export const RTL_LOCALES: readonly AppLocale[] = ['ar']
export const LOCALE_STORAGE_KEY = 'emmer.locale'

export type MessageSchema = typeof nl

/**
 * Plural rules from Intl.PluralRules (CLDR). A message lists its forms in the order of
 * `order`; when it has fewer forms (a term that does not change), the last one is used.
 */
function cldrRule(locale: string, order: Intl.LDMLPluralRule[]) {
  const rules = new Intl.PluralRules(locale)
  return (choice: number, choicesLength: number): number => {
    const index = order.indexOf(rules.select(Math.abs(choice)))
    return Math.min(index < 0 ? order.length - 1 : index, choicesLength - 1)
  }
}

export const pluralRules = {
  pl: cldrRule('pl', ['one', 'few', 'many', 'other']),
  ar: cldrRule('ar', ['zero', 'one', 'two', 'few', 'many', 'other']),
}

const datetime = {
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  long: { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' },
} as const
const number = { integer: { maximumFractionDigits: 0 } } as const

const isTest = import.meta.env.MODE === 'test'

export const i18n = createI18n({
  legacy: false,
  locale: 'nl',
  fallbackLocale: 'nl',
  messages: { nl } as Record<string, MessageSchema>,
  pluralRules,
  datetimeFormats: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, datetime])),
  numberFormats: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, number])),
  missingWarn: isTest,
  fallbackWarn: isTest,
  missing: (locale, key) => {
    // A missing key in a test is a bug, not a warning: fail loudly.
    if (isTest) throw new Error(`Missing i18n key "${key}" for locale "${locale}"`)
    // A team text on a screen that did not ask for them: load them, and the screen re-renders.
    if (isTeamNamespace(key.split('.')[0]) && !teamWanted) void loadTeamMessages()
  },
})

const loaders: Record<Exclude<AppLocale, 'nl'>, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./locales/en.json'),
  tr: () => import('./locales/tr.json'),
  ar: () => import('./locales/ar.json'),
  pl: () => import('./locales/pl.json'),
}

/**
 * The team's messages (moderation, admin, partner, dashboard). The production build leaves them
 * out of the locale files (scripts/precompileMessages.ts: `?team` gives the rest), so residents do
 * not download them; the router loads them before a team, partner or admin page. In the dev
 * server and the tests `?team` is the whole file, of which only these namespaces are merged.
 */
type MessageTree = Record<string, unknown>
const isTeamNamespace = (key: string) => (TEAM_NAMESPACES as readonly string[]).includes(key)
const teamLoaders: Record<AppLocale, () => Promise<{ default: MessageTree }>> = {
  nl: () => import('./locales/nl.json?team'),
  en: () => import('./locales/en.json?team'),
  tr: () => import('./locales/tr.json?team'),
  ar: () => import('./locales/ar.json?team'),
  pl: () => import('./locales/pl.json?team'),
}
let teamWanted = false
const teamLoaded = new Map<string, Promise<void>>()

function loadTeamFor(locale: AppLocale): Promise<void> {
  let loading = teamLoaded.get(locale)
  if (!loading) {
    loading = teamLoaders[locale]().then(({ default: messages }) => {
      const team = Object.fromEntries(
        Object.entries(messages).filter(([key]) => isTeamNamespace(key)),
      )
      i18n.global.mergeLocaleMessage(locale, team)
    })
    // A failed download is tried again next time.
    loading.catch(() => teamLoaded.delete(locale))
    teamLoaded.set(locale, loading)
  }
  return loading
}

/** Loads the team's messages for every language loaded now, and for the ones loaded later. */
export async function loadTeamMessages(): Promise<void> {
  teamWanted = true
  await Promise.all(i18n.global.availableLocales.filter(isSupportedLocale).map(loadTeamFor))
}

export function isSupportedLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

/** The stored choice, else the first browser language we support, else Dutch. */
export function detectLocale(
  stored: string | null = safeStorageGet(),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): AppLocale {
  if (isSupportedLocale(stored)) return stored
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0]
    if (isSupportedLocale(base)) return base
  }
  return 'nl'
}

function safeStorageGet(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY)
  } catch {
    return null
  }
}

/**
 * The area's settings as messages (`area.name`, `area.programme`, `area.answerDays`, ...), which
 * the texts link to with `@:{'area.name'}`: one place where the settings enter every language.
 * Set by stores/appConfig.ts; applied to every language loaded now or later.
 */
let areaMessages: Record<string, string> | null = null

export function setAreaMessages(messages: Record<string, string>): void {
  areaMessages = messages
  for (const locale of i18n.global.availableLocales)
    i18n.global.mergeLocaleMessage(locale, { area: messages })
}

/** Loads a locale on first use, switches to it, and sets <html lang dir>. */
export async function setLocale(locale: AppLocale, remember = true): Promise<void> {
  const global = i18n.global
  if (locale !== 'nl' && !global.availableLocales.includes(locale)) {
    const messages = await loaders[locale]()
    global.setLocaleMessage(locale, messages.default)
    if (areaMessages) global.mergeLocaleMessage(locale, { area: areaMessages })
  }
  if (teamWanted) await loadTeamFor(locale)
  global.locale.value = locale
  document.documentElement.lang = locale
  document.documentElement.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr'
  if (remember) {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale)
    } catch {
      // Private mode: the choice lasts for this visit only.
    }
  }
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value as AppLocale
}
