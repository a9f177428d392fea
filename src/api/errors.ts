/**
 * Turns every error from PostgREST, Postgres, Auth or the network into one of a few plain
 * reasons. The UI shows `t('errors.' + reason)`: never a raw code or an English server message.
 */
import { AUTH_CODES } from './errors/authCodes'
import { DATABASE_KEYS, type DatabaseKey } from './errors/databaseKeys'
import { ApiError, type ErrorReason, type ErrorTextKey } from './errors/reasons'

export { DATABASE_KEYS, type DatabaseKey } from './errors/databaseKeys'
export { ApiError, type ErrorReason, type ErrorTextKey } from './errors/reasons'

interface ErrorLike {
  code?: unknown
  message?: unknown
  details?: unknown
  hint?: unknown
  status?: unknown
  name?: unknown
}

function isDatabaseKey(key: string): key is DatabaseKey {
  return Object.hasOwn(DATABASE_KEYS, key)
}

/**
 * The database key an error carries, if any: the raised message itself, else the check
 * constraint a row violated (check, or not-null for a blank text), else the hint (`idea_not_votable: merged` has the hint
 * `idea_not_votable`; an unknown `rate_limited: <kind>` the hint `rate_limited`).
 */
export function databaseKey(error: unknown): DatabaseKey | null {
  const raw = (error instanceof ApiError ? error.cause : error) as ErrorLike | null
  const message = typeof raw?.message === 'string' ? raw.message : ''
  if (isDatabaseKey(message)) return message
  const constraint = /violates check constraint "([a-z0-9_]+)"/.exec(message)?.[1]
  if (constraint && isDatabaseKey(constraint)) return constraint
  const blank = /null value in column "([a-z0-9_]+)" of relation "([a-z0-9_]+)"/.exec(message)
  const notNull = blank && `${blank[2]}_${blank[1]}_not_null`
  if (notNull && isDatabaseKey(notNull)) return notNull
  const hint = typeof raw?.hint === 'string' ? raw.hint : ''
  if (isDatabaseKey(hint)) return hint
  return null
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : ''
}

export function reasonFor(error: unknown): ErrorReason {
  if (error instanceof ApiError) return error.reason
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline'
  const e = (error ?? {}) as ErrorLike
  const code = typeof e.code === 'string' ? e.code : ''
  const all = [e.message, e.details, e.hint].map(text).join(' ')
  const name = text(e.name)

  if (name === 'typeerror' || /failed to fetch|networkerror|load failed|fetch failed/.test(all)) {
    return 'offline'
  }
  if (name.includes('authretryablefetcherror')) return 'offline'
  if (code in AUTH_CODES) return AUTH_CODES[code]
  const key = databaseKey(error)
  const known = key ? DATABASE_KEYS[key] : null
  if (known?.startsWith('errors.')) return known.slice('errors.'.length) as ErrorReason
  if (e.status === 429 || /rate.?limit|too many/.test(all)) return 'rateLimited'

  switch (code) {
    case '23505':
      return 'duplicate'
    case '42501':
      return 'notAllowed'
    case '23503': // a reference to a row that is missing (or hidden from the caller)
    case 'P0002':
    case 'PGRST116':
      return 'notFound'
    case 'PGRST301':
    case 'PGRST302':
      return 'signInNeeded'
  }
  if (e.status === 401) return 'signInNeeded'
  if (e.status === 403) return 'notAllowed'
  return 'unknown'
}

/**
 * The i18n key of the text for an error: the database's own key when it sent one (a team screen
 * gets the team's wording), else the app's general `errors.<reason>`.
 */
export function errorKey(error: unknown): ErrorTextKey {
  const key = error instanceof ApiError && !error.cause ? null : databaseKey(error)
  return key ? DATABASE_KEYS[key] : `errors.${reasonFor(error)}`
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const code = (error as ErrorLike | null)?.code
  return new ApiError(reasonFor(error), typeof code === 'string' ? code : undefined, error)
}

/** Unwraps a supabase-js result: returns data or throws an ApiError. */
export function unwrap<T>(result: { data: T; error: unknown }): NonNullable<T> {
  if (result.error) throw toApiError(result.error)
  if (result.data === null || result.data === undefined) throw new ApiError('notFound')
  return result.data as NonNullable<T>
}

export function check(result: { error: unknown }): void {
  if (result.error) throw toApiError(result.error)
}
