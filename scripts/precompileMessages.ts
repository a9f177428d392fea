// Locale messages compiled at build time, so the app ships vue-i18n without its message compiler
// (about 5 KB of gzipped JS less on every first visit). A message with syntax (a placeholder, a
// plural, a linked message) becomes the AST that vue-i18n's runtime formats without compiling;
// a message that is plain text stays a string, which the runtime returns as it is.
// Build only: the dev server and the tests keep the full vue-i18n, which compiles as it goes.
import { baseCompile } from '@intlify/message-compiler'
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { splitTeamMessages, TEAM_NAMESPACES } from '../src/lib/teamMessages.ts'

type Messages = { [key: string]: string | Messages }

/** The AST of `message`, or the message itself when it is plain text. Throws on a syntax error. */
export function precompileMessage(message: string, key: string, cacheKey = key): unknown {
  const errors: string[] = []
  const { ast } = baseCompile(message, {
    jit: true,
    location: false,
    minify: true,
    onError: (error) => errors.push(error.message),
  })
  if (errors.length > 0) throw new Error(`Locale message "${key}": ${errors.join('; ')}`)
  // A minified AST of plain text is a resource whose body holds one static string.
  const body = (ast as unknown as { b?: { s?: unknown } }).b
  if (body && body.s === message) return message
  // vue-i18n caches a formatted AST by this key, so it must be unique per message and locale.
  return { ...ast, cacheKey }
}

export function precompileMessages(
  messages: Messages,
  locale: string,
  prefix = '',
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? precompileMessage(value, prefix + key, `${locale}:${prefix}${key}`)
        : precompileMessages(value, locale, `${prefix}${key}.`),
    ]),
  )
}

const LOCALE_FILE = /\/src\/i18n\/locales\/([a-z]{2})\.json$/
const TEAM_PART = /^(.*\/src\/i18n\/locales\/([a-z]{2})\.json)\?team$/

/**
 * `locales/xx.json?team`: the team's part of a locale file as a module. Built, it is what the
 * build left out of the locale file, precompiled; in the dev server and the tests, where the
 * locale files stay whole, it is the same namespaces as they are.
 */
export function teamMessagesPlugin(): Plugin {
  let build = false
  return {
    name: 'emmer-team-messages',
    enforce: 'pre',
    configResolved(config) {
      build = config.command === 'build'
    },
    load(id) {
      const match = TEAM_PART.exec(id)
      if (!match) return null
      const [, file, locale] = match
      const messages = JSON.parse(readFileSync(file, 'utf8')) as Messages
      const team = build
        ? precompileMessages(splitTeamMessages(messages).team, locale)
        : Object.fromEntries(
            Object.entries(messages).filter(([key]) =>
              (TEAM_NAMESPACES as readonly string[]).includes(key),
            ),
          )
      return { code: `export default ${JSON.stringify(team)}`, moduleType: 'js' }
    },
  }
}

export function precompiledMessagesPlugin(): Plugin {
  return {
    name: 'emmer-precompiled-messages',
    apply: 'build',
    enforce: 'pre',
    config: () => ({
      // vue-i18n's bundler build drops what these flags turn off: its message compiler, the
      // legacy (Vue 2 style) API and the global <i18n-t> components, none of which Emmer uses
      // (createI18n({ legacy: false }), no <i18n-t> in the templates).
      define: {
        __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
        __VUE_I18N_LEGACY_API__: 'false',
        __VUE_I18N_FULL_INSTALL__: 'false',
        __INTLIFY_PROD_DEVTOOLS__: 'false',
      },
    }),
    transform(code, id) {
      const locale = LOCALE_FILE.exec(id)?.[1]
      if (!locale) return null
      const { first } = splitTeamMessages(JSON.parse(code) as Messages)
      const compiled = precompileMessages(first, locale)
      // Still JSON: Vite's own JSON plugin turns it into a module afterwards.
      return { code: JSON.stringify(compiled), map: null }
    },
  }
}
