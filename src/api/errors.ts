/**
 * Turns every error from PostgREST, Postgres, Auth or the network into one of a few plain
 * reasons. The UI shows `t('errors.' + reason)`: never a raw code or an English server message.
 */
export type ErrorReason =
  | 'offline'
  | 'rateLimited'
  | 'notAllowed'
  | 'signInNeeded'
  | 'notFound'
  | 'duplicate'
  | 'ideaEditWindowClosed'
  | 'ideaEditNotNew'
  | 'ideaWithdrawNotNew'
  | 'ideaWithdrawHasVotes'
  | 'ideaHiddenByTeam'
  | 'commentHiddenByTeam'
  | 'lastAdmin'
  | 'titleTooShort'
  | 'titleTooLong'
  | 'bodyTooShort'
  | 'bodyTooLong'
  | 'tooLong'
  | 'codeWrong'
  | 'wrongPassword'
  | 'emailNotConfirmed'
  | 'emailInvalid'
  | 'emailTaken'
  | 'weakPassword'
  | 'noAccount'
  | 'coalitionBalance'
  | 'commentEditWindowClosed'
  | 'limitIdeas'
  | 'limitComments'
  | 'limitVotes'
  | 'limitVoteChanges'
  | 'limitVoteChangesIdea'
  | 'limitReports'
  | 'limitFollows'
  | 'limitPartnerRequests'
  | 'limitCoalitionJoins'
  | 'secondFactorRequired'
  | 'totpWrong'
  | 'recoveryCodeWrong'
  | 'tooManyPhotos'
  | 'photoDescriptionShort'
  | 'photoDescriptionLong'
  | 'photoWrongType'
  | 'photoTooLarge'
  | 'photoNotAnImage'
  | 'photoNameInvalid'
  | 'ideaWithdrawn'
  | 'limitPhotos'
  | 'unknown'

export class ApiError extends Error {
  readonly reason: ErrorReason
  readonly code?: string
  constructor(reason: ErrorReason, code?: string, cause?: unknown) {
    super(reason, { cause })
    this.name = 'ApiError'
    this.reason = reason
    this.code = code
  }
}

interface ErrorLike {
  code?: unknown
  message?: unknown
  details?: unknown
  hint?: unknown
  status?: unknown
  name?: unknown
}

const AUTH_CODES: Record<string, ErrorReason> = {
  otp_expired: 'codeWrong',
  invalid_credentials: 'wrongPassword',
  email_not_confirmed: 'emailNotConfirmed',
  email_address_invalid: 'emailInvalid',
  validation_failed: 'emailInvalid',
  user_already_exists: 'emailTaken',
  email_exists: 'emailTaken',
  weak_password: 'weakPassword',
  otp_disabled: 'noAccount',
  user_not_found: 'noAccount',
  over_email_send_rate_limit: 'rateLimited',
  over_request_rate_limit: 'rateLimited',
  no_authorization: 'signInNeeded',
  session_not_found: 'signInNeeded',
  session_expired: 'signInNeeded',
  bad_jwt: 'signInNeeded',
  user_banned: 'notAllowed',
  insufficient_aal: 'secondFactorRequired',
  mfa_verification_failed: 'totpWrong',
  mfa_challenge_expired: 'totpWrong',
  mfa_ip_address_mismatch: 'totpWrong',
}

/** An author's own idea: rules the database names in its message (create_idea_rules.sql). */
const IDEA_RULES: Record<string, ErrorReason> = {
  idea_edit_window_closed: 'ideaEditWindowClosed',
  idea_edit_not_new: 'ideaEditNotNew',
  idea_withdraw_not_new: 'ideaWithdrawNotNew',
  idea_withdraw_has_votes: 'ideaWithdrawHasVotes',
  // What the team hid stays as it was (keep_hidden_content_as_the_team_left_it.sql).
  idea_hidden_by_team: 'ideaHiddenByTeam',
  comment_hidden_by_team: 'commentHiddenByTeam',
  // Emmer always keeps an admin: the last one can neither leave nor step down.
  last_admin: 'lastAdmin',
  // Photos (create_idea_photos.sql).
  too_many_photos: 'tooManyPhotos',
  photo_description_too_short: 'photoDescriptionShort',
  photo_description_too_long: 'photoDescriptionLong',
  idea_withdrawn: 'ideaWithdrawn',
}

/**
 * The database's per-person limits (private.limits) refuse with `rate_limited: <kind>`. Each kind
 * has its own text, which says when it works again: the texts follow the windows in private.limits
 * (ideas, comments, reports, follows and vote changes per hour; votes per minute; partner
 * requests and coalition joins per day).
 */
const LIMITS: Record<string, ErrorReason> = {
  ideas: 'limitIdeas',
  comments: 'limitComments',
  votes: 'limitVotes',
  vote_changes: 'limitVoteChanges',
  vote_changes_per_idea: 'limitVoteChangesIdea',
  reports: 'limitReports',
  follows: 'limitFollows',
  partner_requests: 'limitPartnerRequests',
  coalition_joins: 'limitCoalitionJoins',
  idea_photos: 'limitPhotos',
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : ''
}

/** Which field a check-constraint or raised message is about, if any. */
function constraintReason(all: string): ErrorReason | null {
  const short = /short|min|kort|length|lengte|char_length/.test(all)
  const long = /long|max|lang/.test(all)
  if (all.includes('title')) return long && !short ? 'titleTooLong' : 'titleTooShort'
  if (all.includes('body')) return long && !short ? 'bodyTooLong' : 'bodyTooShort'
  if (/partner|coalition|coalitie/.test(all)) return 'coalitionBalance'
  if (long) return 'tooLong'
  return null
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
  if (typeof e.message === 'string' && Object.hasOwn(IDEA_RULES, e.message)) {
    return IDEA_RULES[e.message]
  }
  const limit = typeof e.message === 'string' ? /^rate_limited: (\w+)$/.exec(e.message) : null
  if (limit && Object.hasOwn(LIMITS, limit[1])) return LIMITS[limit[1]]
  if (e.status === 429 || /rate.?limit|too many/.test(all)) return 'rateLimited'
  if (/not_signed_in/.test(all)) return 'signInNeeded'
  // Admin powers, and a moderator's once they enrolled, need the code from their app (aal2).
  if (/second_factor_required/.test(all)) return 'secondFactorRequired'
  if (/recovery_code_wrong/.test(all)) return 'recoveryCodeWrong'
  // An author changes their comment after the 15 minutes (create_comment_rules.sql).
  if (code === 'P0001' && /comment_edit_window_closed/.test(all)) return 'commentEditWindowClosed'

  switch (code) {
    case '23505':
      return 'duplicate'
    case '23514':
    case '22001':
    case 'P0001':
    case '23502':
      return constraintReason(all) ?? 'unknown'
    case '42501':
      return 'notAllowed'
    case '23503': // a reference to a row that is missing (or hidden from the caller)
    case 'P0002': // the team's functions: idea_not_found, comment_not_found, report_not_found, ...
    case 'PGRST116':
      return 'notFound'
    case 'PGRST301':
    case 'PGRST302':
      return 'signInNeeded'
  }
  if (e.status === 401) return 'signInNeeded'
  if (e.status === 403) return 'notAllowed'
  return constraintReason(all) ?? 'unknown'
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
