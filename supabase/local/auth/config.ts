// Settings of the local Auth server. They come from supabase/config.toml (authOptionsFrom, used
// by stack.ts); defaults here follow the Supabase CLI's local config unless noted.
import type { ProjectConfig } from '../config.ts'
import type { AuthOptions } from '../types.ts'

export interface AuthConfig {
  /** GoTrue's default minimum is 6; Emmer asks for 8 so a resident's account is harder to guess. */
  minPasswordLength: number
  /** bcrypt refuses more than 72 bytes; GoTrue turns that into a validation error. */
  maxPasswordLength: number
  jwtExpiry: number
  otpExpiry: number
  otpLength: number
  refreshTokenReuseInterval: number
  /** MAILER_MAX_FREQUENCY: one mail of a kind per address per this many seconds. */
  mailMaxFrequency: number
  bcryptCost: number
  /** Sign-up waits for the code from the mail (GoTrue's MAILER_AUTOCONFIRM=false). */
  confirmations: boolean
  /** Verifications per client IP per 5 minutes, right or wrong (`token_verifications`). */
  tokenVerifications: number
  /** `enable_anonymous_sign_ins` (default false). */
  anonymousSignIns: boolean
  /** `secure_password_change` (default false): old sessions need a nonce to change a password. */
  securePasswordChange: boolean
  /** Sign-ups and password sign-ins per client IP per 5 minutes (`sign_in_sign_ups`). */
  signInSignUps: number
  /** Auth mails per hour, all together (`email_sent`). */
  emailSentPerHour: number
  templates: NonNullable<AuthOptions['emailTemplates']>
  mfa: NonNullable<AuthOptions['mfa']>
  enableAnonymousSignIns: boolean
}

export function resolveConfig(opts: AuthOptions): AuthConfig {
  return {
    minPasswordLength: opts.minPasswordLength ?? 8,
    maxPasswordLength: 72,
    jwtExpiry: opts.jwtExpiry ?? 3600,
    otpExpiry: opts.otpExpiry ?? 3600,
    otpLength: opts.otpLength ?? 6,
    refreshTokenReuseInterval: opts.refreshTokenReuseInterval ?? 10,
    mailMaxFrequency: opts.mailMaxFrequency ?? 60,
    bcryptCost: 10,
    confirmations: opts.confirmations ?? false,
    tokenVerifications: opts.tokenVerifications ?? GUESSING.perIp.max,
    anonymousSignIns: opts.enableAnonymousSignIns ?? false,
    securePasswordChange: opts.securePasswordChange ?? false,
    signInSignUps: opts.signInSignUps ?? RATE_LIMITS.signInPerIp[0],
    emailSentPerHour: opts.emailSentPerHour ?? 100_000,
    templates: opts.emailTemplates ?? {},
    mfa: opts.mfa ?? { totpEnroll: true, totpVerify: true, maxEnrolledFactors: 10 },
    enableAnonymousSignIns: opts.enableAnonymousSignIns ?? false,
  }
}

/** The Auth settings of a config.toml, as AuthOptions (the rest comes from the stack). */
export function authOptionsFrom(
  config: ProjectConfig,
): Omit<AuthOptions, 'db' | 'jwtSecret' | 'apiUrl' | 'mailer' | 'log' | 'signingKeys'> {
  const a = config.auth
  return {
    siteUrl: a.siteUrl,
    redirectUrls: a.additionalRedirectUrls,
    minPasswordLength: a.minimumPasswordLength,
    jwtExpiry: a.jwtExpiry,
    otpExpiry: a.email.otpExpiry,
    otpLength: a.email.otpLength,
    mailMaxFrequency: a.email.maxFrequency,
    refreshTokenReuseInterval: a.refreshTokenReuseInterval,
    confirmations: a.email.enableConfirmations,
    tokenVerifications: a.rateLimit.tokenVerifications,
    signInSignUps: a.rateLimit.signInSignUps,
    emailSentPerHour: a.rateLimit.emailSent,
    emailTemplates: a.email.template,
    mfa: {
      totpEnroll: a.mfa.totp.enrollEnabled,
      totpVerify: a.mfa.totp.verifyEnabled,
      maxEnrolledFactors: a.mfa.maxEnrolledFactors,
    },
    enableAnonymousSignIns: a.enableAnonymousSignIns,
  }
}

/**
 * Settings this stack does not build, refused at start rather than silently ignored: the stack
 * would then behave unlike the hosted project the same file configures.
 */
export function unsupportedAuthSettings(config: ProjectConfig): string[] {
  const a = config.auth
  const out: string[] = []
  if (!a.email.doubleConfirmChanges) out.push('[auth.email] double_confirm_changes = false')
  if (!a.enableSignup || !a.email.enableSignup) out.push('[auth] enable_signup = false')
  if (!a.enableRefreshTokenRotation) out.push('[auth] enable_refresh_token_rotation = false')
  return out
}

/**
 * In-memory rate limits (one process, reset on restart), as [max events, window in ms].
 * Tests and the dev server all come from 127.0.0.1, so the per-IP limits are generous: they stop
 * a runaway script, not a person. The per-address limits are the ones that protect residents.
 */
export const RATE_LIMITS = {
  /**
   * Password sign-ins (right or wrong) per client IP; sign-ups share the allowance. The count is
   * `[auth.rate_limit] sign_in_sign_ups` (cfg.signInSignUps); this is the window and the count
   * when no config sets one.
   */
  signInPerIp: [1000, 5 * 60_000],
  /**
   * Failed password sign-ins per e-mail address (known or not): slows guessing one person's
   * password. A success clears the count.
   */
  failedSignInPerEmail: [10, 15 * 60_000],
  /** Sign-ups per client IP (the same limiter as signInPerIp). */
  signUpPerIp: [1000, 5 * 60_000],
  /** Code, magic-link and recovery mails per client IP (per address: mailMaxFrequency). */
  mailPerIp: [300, 5 * 60_000],
  /** Wrong codes per e-mail address: a 6-digit code must not be guessable (see GUESSING). */
  wrongCodesPerEmail: [5, 15 * 60_000],
  /** MFA challenges and verifications per client IP (GoTrue: 15 a minute per IP). */
  mfaPerIp: [300, 5 * 60_000],
  /** Wrong TOTP codes per factor: 5, then 429 even for the right code. A right code clears it. */
  wrongTotpPerFactor: [5, 15 * 60_000],
} as const satisfies Record<string, readonly [number, number]>

/**
 * Guessing a code. A code is 6 digits, 10^6 values, and lives otpExpiry (3600 s, 60 minutes).
 *
 * - Per client IP, every verification counts, right or wrong, in both forms of POST /verify
 *   ({email, token} and {token_hash}) and in GET /verify, as GoTrue's `token_verifications`
 *   (default 30 per 5 minutes). A sliding window fits 60 / 5 + 1 = 13 full windows into a
 *   code's life (both edges included): at most 30 x 13 = 390 tries, a chance of 390 / 10^6, under
 *   1 in 2,500, per IP.
 * - Per address, where the request names one ({email, token}): 5 wrong codes per 15 minutes,
 *   at most 5 x (60 / 15 + 1) = 25 tries in a code's life, 1 in 40,000. A right code clears it.
 *
 * A token_hash is sha224(email + code) and names no address, so the per-IP limit is all that can
 * hold it; that is why it counts every form. tests/stack/auth-guessing.test.ts checks the sums.
 */
export const GUESSING = {
  perIp: { max: 30, windowSeconds: 5 * 60 },
  perAddress: {
    max: RATE_LIMITS.wrongCodesPerEmail[0],
    windowSeconds: RATE_LIMITS.wrongCodesPerEmail[1] / 1000,
  },
}

/**
 * Code and recovery requests answer no sooner than this many ms after they arrive. Creating an
 * account for an unknown address (or skipping the mail for one) takes a different time than
 * mailing a known one; a floor above both keeps the answer's timing from telling them apart.
 */
export const MAIL_ANSWER_FLOOR_MS = 400
