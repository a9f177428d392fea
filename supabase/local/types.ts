// The seams between the parts of the local stack. The gateway owns the public port and hands
// each request to a service by path prefix, with the prefix already stripped.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type pg from 'pg'
import type { EmailTemplate, EmailTemplateKind } from './config.ts'
import type { Mailer } from './mailbox.ts'

export type Log = (line: string) => void

export interface HttpService {
  /** `path` is the part after the service's prefix, starting with '/', without the query. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void>
}

export interface AuthOptions {
  /** A superuser pool on the stack's database; users live in auth.users. */
  db: pg.Pool
  jwtSecret: string
  /** Where the app runs: the default redirect after a magic link (GoTrue's SITE_URL). */
  siteUrl: string
  /** Other allowed redirect targets (GoTrue's URI allow list); globs with * are allowed. */
  redirectUrls: string[]
  /** The public API base, e.g. http://127.0.0.1:54321, used to build links in e-mails. */
  apiUrl: string
  mailer: Mailer
  log: Log
  /** Shortest password accepted at sign-up and password change (GoTrue's default is 6; Emmer uses 8). */
  minPasswordLength?: number
  /** Lifetime of access tokens in seconds (GoTrue JWT_EXP, default 3600). */
  jwtExpiry?: number
  /** Lifetime of e-mailed codes and links in seconds (MAILER_OTP_EXP, default 3600). */
  otpExpiry?: number
  /** Seconds in which a just-rotated refresh token may still be used (CLI default 10). */
  refreshTokenReuseInterval?: number
  /**
   * Sign-up waits for the code from the mail before it signs in (config.toml
   * `[auth.email] enable_confirmations`, GoTrue's MAILER_AUTOCONFIRM=false). Off by default, as
   * in Supabase's local default; production runs with it on.
   */
  confirmations?: boolean
  /** Code and link verifications per client IP per 5 minutes (`[auth.rate_limit] token_verifications`, 30). */
  tokenVerifications?: number
  /** Sign-ups and password sign-ins per client IP per 5 minutes (`sign_in_sign_ups`, 30). */
  signInSignUps?: number
  /** Auth mails per hour, all addresses together (`[auth.rate_limit] email_sent`). */
  emailSentPerHour?: number
  /** Digits in an e-mailed code (`[auth.email] otp_length`, 6). */
  otpLength?: number
  /** Seconds between two mails of one kind to one address (`[auth.email] max_frequency`). */
  mailMaxFrequency?: number
  /** `[auth.email.template.<kind>]`: subject and HTML body; the built-in B1 texts otherwise. */
  emailTemplates?: Partial<Record<EmailTemplateKind, EmailTemplate>>
  /** `[auth.mfa.totp] enroll_enabled` / `verify_enabled` and `[auth.mfa] max_enrolled_factors`. */
  mfa?: { totpEnroll: boolean; totpVerify: boolean; maxEnrolledFactors: number }
  /** `[auth] enable_anonymous_sign_ins` (off for Emmer). */
  enableAnonymousSignIns?: boolean
  /**
   * JWKs (`[auth] signing_keys_path`, the format of `supabase gen signing-key`): the first signs
   * access tokens, all are published at /.well-known/jwks.json. Without: HS256 with jwtSecret.
   */
  signingKeys?: SigningKey[]
  /**
   * A password change in a session older than 24 hours needs the nonce that GET /reauthenticate
   * mails (`[auth.email] secure_password_change`, Supabase default false).
   */
  securePasswordChange?: boolean
}

/** A private JWK as `supabase gen signing-key` writes it (ES256 here). */
export interface SigningKey {
  kty: string
  kid: string
  alg: string
  crv?: string
  x?: string
  y?: string
  d?: string
  use?: string
  key_ops?: string[]
  ext?: boolean
}

export interface RealtimeOptions {
  /** A superuser connection string: the server reads the WAL through a logical replication slot. */
  dbUrl: string
  jwtSecret: string
  /** The project's asymmetric signing keys (config.toml `signing_keys_path`), also trusted. */
  signingKeys?: SigningKey[]
  log: Log
}

export interface RealtimeService extends HttpService {
  start(): Promise<void>
  stop(): Promise<void>
  /** `path` is the part after /realtime/v1, e.g. /websocket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL): void
}
