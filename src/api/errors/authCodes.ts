import type { ErrorReason } from './reasons'

/** Auth's error codes (`error.code` from supabase-js auth calls), as the app's reasons. */
export const AUTH_CODES: Record<string, ErrorReason> = {
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
