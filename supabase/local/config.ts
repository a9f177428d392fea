// supabase/config.toml as the local stack reads it: the one source of settings, for this stack as
// for `supabase config push`. What the file leaves out takes the Supabase CLI's default (its
// `supabase init` template, pkg/config/templates/config.toml, which the CLI merges under the file).
// Paths resolve as the CLI resolves them: e-mail templates from the project root, signing keys and
// seed files from supabase/.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { parse } from 'smol-toml'

export const DEFAULT_CONFIG_PATH = join(import.meta.dirname, '..', 'config.toml')

export type EmailTemplateKind =
  'invite' | 'confirmation' | 'recovery' | 'magic_link' | 'email_change' | 'reauthentication'

export interface EmailTemplate {
  subject?: string
  /** Absolute path of the HTML body. */
  contentPath?: string
}

export interface ProjectConfig {
  /** The file this came from. */
  path: string
  projectId: string
  auth: {
    siteUrl: string
    additionalRedirectUrls: string[]
    jwtExpiry: number
    /** Absolute path of the JWK list to sign with (`signing_keys_path`), when given. */
    signingKeysPath: string | undefined
    enableRefreshTokenRotation: boolean
    refreshTokenReuseInterval: number
    enableSignup: boolean
    enableAnonymousSignIns: boolean
    minimumPasswordLength: number
    email: {
      enableSignup: boolean
      doubleConfirmChanges: boolean
      enableConfirmations: boolean
      otpLength: number
      otpExpiry: number
      /** Seconds between two mails of one kind to one address. */
      maxFrequency: number
      template: Partial<Record<EmailTemplateKind, EmailTemplate>>
    }
    rateLimit: {
      /** Mails per hour, all addresses together. */
      emailSent: number
      /** Sign-ups and sign-ins per IP per 5 minutes. */
      signInSignUps: number
      /** Code and link verifications per IP per 5 minutes. */
      tokenVerifications: number
      /** Refreshes per IP per 5 minutes. */
      tokenRefresh: number
      /** Anonymous sign-ins per IP per hour. */
      anonymousUsers: number
    }
    mfa: {
      maxEnrolledFactors: number
      totp: { enrollEnabled: boolean; verifyEnabled: boolean }
    }
  }
  db: { seed: { enabled: boolean; sqlPaths: string[] } }
  /** `[functions.<name>]`: only the functions the file names. */
  functions: Record<string, { enabled: boolean; verifyJwt: boolean }>
}

type Table = Record<string, unknown>

class ConfigError extends Error {
  constructor(path: string, key: string, problem: string) {
    super(`${path}: ${key} ${problem}`)
  }
}

/** Typed access to one table of the file, with the CLI's default when a key is absent. */
function reader(path: string, root: Table, prefix: string) {
  const table = (prefix ? prefix.split('.') : []).reduce<Table>((t, part) => {
    const next = t[part]
    return next && typeof next === 'object' && !Array.isArray(next) ? (next as Table) : {}
  }, root)
  const key = (k: string) => (prefix ? `${prefix}.${k}` : k)
  const get = <T>(k: string, fallback: T, type: string, ok: (v: unknown) => boolean): T => {
    const v = table[k]
    if (v === undefined) return fallback
    if (!ok(v)) throw new ConfigError(path, key(k), `must be ${type}`)
    return v as T
  }
  return {
    table,
    bool: (k: string, d: boolean) => get(k, d, 'true or false', (v) => typeof v === 'boolean'),
    int: (k: string, d: number) =>
      get(k, d, 'a whole number of 0 or more', (v) => Number.isInteger(v) && (v as number) >= 0),
    str: (k: string, d: string) => get(k, d, 'a string', (v) => typeof v === 'string'),
    optStr: (k: string) =>
      get<string | undefined>(k, undefined, 'a string', (v) => typeof v === 'string'),
    strings: (k: string, d: string[]) =>
      get(
        k,
        d,
        'a list of strings',
        (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
      ),
    /** Go durations as the CLI writes them ("60s", "1m30s", "1h"), in whole seconds. */
    seconds: (k: string, d: number) => {
      const v = get<string | undefined>(k, undefined, 'a duration such as "60s"', (x) => {
        return typeof x === 'string' && /^(\d+h)?(\d+m)?(\d+s)?$/.test(x) && x !== ''
      })
      if (v === undefined) return d
      const [, h = '0', m = '0', s = '0'] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v)!
      return Number(h) * 3600 + Number(m) * 60 + Number(s)
    },
  }
}

const TEMPLATE_KINDS: EmailTemplateKind[] = [
  'invite',
  'confirmation',
  'recovery',
  'magic_link',
  'email_change',
  'reauthentication',
]

/**
 * Reads a config.toml. `remote` names a `[remotes.<name>]` block to lay over the base, as the
 * CLI does for the project whose ref matches that block's project_id (the local stack uses none).
 */
export function loadConfig(path = DEFAULT_CONFIG_PATH, remote?: string): ProjectConfig {
  const file = resolve(path)
  let root = parse(readFileSync(file, 'utf8')) as Table
  const supabaseDir = dirname(file)
  const projectRoot = dirname(supabaseDir)
  if (remote) {
    const remotes = (root.remotes ?? {}) as Record<string, Table>
    if (!remotes[remote]) throw new ConfigError(file, `[remotes.${remote}]`, 'is not in the file')
    root = merge(root, remotes[remote])
  }

  const auth = reader(file, root, 'auth')
  const email = reader(file, root, 'auth.email')
  const rate = reader(file, root, 'auth.rate_limit')
  const mfa = reader(file, root, 'auth.mfa')
  const totp = reader(file, root, 'auth.mfa.totp')
  const seed = reader(file, root, 'db.seed')
  const top = reader(file, root, '')

  const template: ProjectConfig['auth']['email']['template'] = {}
  for (const kind of TEMPLATE_KINDS) {
    const t = reader(file, root, `auth.email.template.${kind}`)
    const subject = t.optStr('subject')
    const content = t.optStr('content_path')
    if (subject === undefined && content === undefined) continue
    const contentPath = content && (isAbsolute(content) ? content : join(projectRoot, content))
    if (contentPath && !existsSync(contentPath)) {
      throw new ConfigError(
        file,
        `auth.email.template.${kind}.content_path`,
        `${content} not found`,
      )
    }
    template[kind] = { subject, contentPath }
  }

  const functions: ProjectConfig['functions'] = {}
  const fnTable = (root.functions ?? {}) as Table
  for (const name of Object.keys(fnTable)) {
    const fn = reader(file, root, `functions.${name}`)
    functions[name] = { enabled: fn.bool('enabled', true), verifyJwt: fn.bool('verify_jwt', true) }
  }

  const signingKeys = auth.optStr('signing_keys_path')
  const minimumPasswordLength = auth.int('minimum_password_length', 6)
  if (minimumPasswordLength < 6) {
    throw new ConfigError(file, 'auth.minimum_password_length', 'must be at least 6 (as hosted)')
  }
  const jwtExpiry = auth.int('jwt_expiry', 3600)
  if (jwtExpiry < 1 || jwtExpiry > 604_800) {
    throw new ConfigError(file, 'auth.jwt_expiry', 'must be between 1 and 604800 seconds')
  }
  const otpLength = email.int('otp_length', 6)
  if (otpLength < 6 || otpLength > 10) {
    throw new ConfigError(file, 'auth.email.otp_length', 'must be between 6 and 10 (as hosted)')
  }
  const otpExpiry = email.int('otp_expiry', 3600)
  if (otpExpiry < 1 || otpExpiry > 86_400) {
    throw new ConfigError(file, 'auth.email.otp_expiry', 'must be between 1 and 86400 seconds')
  }

  return {
    path: file,
    projectId: top.str('project_id', ''),
    auth: {
      siteUrl: auth.str('site_url', 'http://127.0.0.1:3000'),
      additionalRedirectUrls: auth.strings('additional_redirect_urls', ['https://127.0.0.1:3000']),
      jwtExpiry,
      signingKeysPath:
        signingKeys && (isAbsolute(signingKeys) ? signingKeys : join(supabaseDir, signingKeys)),
      enableRefreshTokenRotation: auth.bool('enable_refresh_token_rotation', true),
      refreshTokenReuseInterval: auth.int('refresh_token_reuse_interval', 10),
      enableSignup: auth.bool('enable_signup', true),
      enableAnonymousSignIns: auth.bool('enable_anonymous_sign_ins', false),
      minimumPasswordLength,
      email: {
        enableSignup: email.bool('enable_signup', true),
        doubleConfirmChanges: email.bool('double_confirm_changes', true),
        enableConfirmations: email.bool('enable_confirmations', false),
        otpLength,
        otpExpiry,
        maxFrequency: email.seconds('max_frequency', 1),
        template,
      },
      rateLimit: {
        emailSent: rate.int('email_sent', 2),
        signInSignUps: rate.int('sign_in_sign_ups', 30),
        tokenVerifications: rate.int('token_verifications', 30),
        tokenRefresh: rate.int('token_refresh', 150),
        anonymousUsers: rate.int('anonymous_users', 30),
      },
      mfa: {
        maxEnrolledFactors: mfa.int('max_enrolled_factors', 10),
        totp: {
          enrollEnabled: totp.bool('enroll_enabled', false),
          verifyEnabled: totp.bool('verify_enabled', false),
        },
      },
    },
    db: {
      seed: {
        enabled: seed.bool('enabled', true),
        sqlPaths: seed
          .strings('sql_paths', ['./seed.sql'])
          .map((p) => (isAbsolute(p) ? p : join(supabaseDir, p))),
      },
    },
    functions,
  }
}

/** `[functions.<name>] verify_jwt` (default true, as the CLI): whether a call needs a valid JWT. */
export function functionVerifiesJwt(config: ProjectConfig, name: string): boolean {
  return config.functions[name]?.verifyJwt ?? true
}

/** Tables merge key by key; anything else in `over` replaces. */
function merge(base: Table, over: Table): Table {
  const out: Table = { ...base }
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? merge(b as Table, v as Table)
        : v
  }
  return out
}
