// GoTrue's error shapes. The client reads `code` only when the response carries
// X-Supabase-Api-Version (2024-01-01); older clients get the legacy `{code: status, error_code, msg}`.

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** OAuth2-shaped errors (`{error, error_description}`), which GoTrue uses on a few token paths. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description)
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message)
export const unprocessable = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AuthError(422, code, message, extra)
export const forbidden = (code: string, message: string) => new AuthError(403, code, message)
export const tooMany = (code: string, message: string) => new AuthError(429, code, message)

export const invalidCredentials = () =>
  badRequest('invalid_credentials', 'Invalid login credentials')
export const validationFailed = (message: string) => badRequest('validation_failed', message)
export const otpExpired = (fromLink = false) =>
  forbidden(
    'otp_expired',
    fromLink ? 'Email link is invalid or has expired' : 'Token has expired or is invalid',
  )
export const requestRateLimit = () =>
  tooMany('over_request_rate_limit', 'Request rate limit reached')
export const emailRateLimit = (seconds: number) =>
  tooMany(
    'over_email_send_rate_limit',
    `For security purposes, you can only request this after ${seconds} seconds.`,
  )

export function errorBody(
  err: AuthError | OAuthError,
  modernApi: boolean,
): Record<string, unknown> {
  if (err instanceof OAuthError) return { error: err.error, error_description: err.message }
  if (modernApi) return { code: err.code, message: err.message, ...err.extra }
  return { code: err.status, error_code: err.code, msg: err.message, ...err.extra }
}
