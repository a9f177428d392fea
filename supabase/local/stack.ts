// The whole local Supabase-compatible stack in one object: PostgreSQL, the bootstrap and
// migrations, PostgREST, Auth, Realtime, Storage, Functions, the mailbox and the gateway in front of them.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { authOptionsFrom, unsupportedAuthSettings } from './auth/config.ts'
import { createAuth } from './auth/index.ts'
import { renderTemplate } from './auth/gotemplate.ts'
import { createFunctions, functionEnv, startScheduler } from './functions.ts'
import { loadConfig, type ProjectConfig } from './config.ts'
import { createGateway } from './gateway.ts'
import { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from './keys.ts'
import { Mailbox } from './mailbox.ts'
import { migrate, repoRoot } from './migrate.ts'
import { LocalPostgres } from './postgres.ts'
import { LocalPostgrest } from './postgrest.ts'
import { createRealtime } from './realtime/index.ts'
import { postgrestJwks, publishedJwks, readSigningKeys } from './signing.ts'
import { createStorage } from './storage/index.ts'
import type { AuthOptions, Log, SigningKey } from './types.ts'

export const DEFAULT_PORTS = { api: 54321, db: 54322, mailbox: 54324 }
type Ports = typeof DEFAULT_PORTS & { smtp?: number }
export const DEFAULT_DATA_DIR = join(repoRoot, '.supabase', 'data')
export const DB_PASSWORD = 'postgres'

export interface StackOptions {
  dataDir?: string
  ports?: Partial<Ports>
  /**
   * The settings (Auth, seeds, signing keys): supabase/config.toml unless another file is named,
   * e.g. by a test that proves what a setting does.
   */
  configPath?: string
  /** Where the app runs (the default redirect target of magic links); config.toml's site_url otherwise. */
  siteUrl?: string
  seed?: boolean
  log?: Log
  /**
   * Auth settings a test run sets over config.toml's: every test calls from 127.0.0.1, so the
   * per-IP limits of the file would stop the suite rather than an attacker.
   */
  auth?: Pick<
    AuthOptions,
    | 'confirmations'
    | 'tokenVerifications'
    | 'signInSignUps'
    | 'emailSentPerHour'
    | 'enableAnonymousSignIns'
    | 'securePasswordChange'
  >
  /**
   * Secrets for Edge Functions on top of the stack's own (mail into the mailbox, APP_URL) and
   * supabase/functions/.env; tests give a mail provider of their own.
   */
  functionSecrets?: Record<string, string>
  /** Call scheduled functions on their cron minutes (functions.ts SCHEDULES); `npm run stack` does. */
  schedule?: boolean
}

export interface StackInfo {
  apiUrl: string
  /** PostgREST itself, behind the gateway: for benchmarks that compare the two. */
  postgrestUrl: string
  dbUrl: string
  mailboxUrl: string
  /** The config file the stack was started with. */
  configPath: string
  /** What /auth/v1/.well-known/jwks.json serves (empty without signing keys). */
  jwks: { keys: Record<string, unknown>[] }
  /** SMTP into the mailbox, e.g. smtp://127.0.0.1:54325 */
  smtpUrl?: string
  /** The key for browsers and apps (`sb_publishable_…`): the `anon` role. */
  publishableKey: string
  /** The key for servers and scripts (`sb_secret_…`): the `service_role` role. */
  secretKey: string
  /** Legacy JWT keys, the alternative to the two above. */
  anonKey: string
  serviceRoleKey: string
  jwtSecret: string
}

/**
 * A port that is free now, for a server that starts a moment later. It is picked below the
 * kernel's ephemeral range (32768-60999 on Linux): a port from `listen(0)` comes from that range,
 * and an outgoing connection (a database client, a fetch) may take it before our server binds.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000)
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer()
      srv.unref()
      srv.once('error', () => resolve(false))
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('No free port found between 20000 and 32000')
}

export async function startStack(options: StackOptions = {}) {
  const log: Log = options.log ?? ((line) => console.log(line))
  const config = loadConfig(options.configPath)
  const unsupported = unsupportedAuthSettings(config)
  if (unsupported.length) {
    throw new Error(
      `${config.path}: the local stack does not build ${unsupported.join(', ')}. Remove the setting or build it (supabase/local/README.md).`,
    )
  }
  checkTemplates(config)
  const signingKeys: SigningKey[] = config.auth.signingKeysPath
    ? readSigningKeys(config.auth.signingKeysPath)
    : []
  const ports = { ...DEFAULT_PORTS, ...options.ports }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR
  const apiUrl = `http://127.0.0.1:${ports.api}`
  const timings: Record<string, number> = {}
  const t0 = performance.now()
  const mark = (name: string) => (timings[name] = Math.round(performance.now() - t0))

  const postgres = new LocalPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: ports.db,
    password: DB_PASSWORD,
    log: (l) => log(`[postgres] ${l}`),
  })
  const created = await postgres.init()
  mark('initdb')
  await postgres.start()
  mark('postgres')
  const migration = await migrate(postgres.url, { seed: options.seed ?? true, config })
  mark('migrate')

  const db = new pg.Pool({ connectionString: postgres.url, max: 10 })
  db.on('error', (e) => log(`[db pool] ${e.message}`))
  const mailbox = new Mailbox(join(dataDir, 'mail.jsonl'))
  await mailbox.listen(ports.mailbox)
  // SMTP into the same mailbox (scripts/digest.ts): 54325 beside the default mailbox port, a free
  // port for private stacks (tests).
  const smtpPort = await mailbox.listenSmtp(
    options.ports?.smtp ?? (ports.mailbox === DEFAULT_PORTS.mailbox ? 54325 : 0),
  )

  const postgrestPort = await freePort()
  const postgrest = () =>
    new LocalPostgrest({
      dbUrl: `postgres://authenticator:${DB_PASSWORD}@127.0.0.1:${ports.db}/postgres`,
      port: postgrestPort,
      jwtSecret: signingKeys.length ? postgrestJwks(JWT_SECRET, signingKeys) : JWT_SECRET,
      log: (l) => log(`[postgrest] ${l}`),
    })
  let rest = postgrest()
  await rest.start()
  mark('postgrest')

  const auth = createAuth({
    ...authOptionsFrom(config),
    ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
    db,
    jwtSecret: JWT_SECRET,
    signingKeys,
    apiUrl,
    mailer: mailbox,
    log: (l) => log(`[auth] ${l}`),
    ...options.auth,
  })
  const realtime = createRealtime({
    dbUrl: postgres.url,
    jwtSecret: JWT_SECRET,
    signingKeys,
    log: (l) => log(`[realtime] ${l}`),
  })
  await realtime.start()
  mark('realtime')
  // Its own pool: Storage runs a transaction per request and must not starve Auth.
  const storageDb = new pg.Pool({ connectionString: postgres.url, max: 10 })
  storageDb.on('error', (e) => log(`[storage pool] ${e.message}`))
  const storage = createStorage({
    db: storageDb,
    jwtSecret: JWT_SECRET,
    signingKeys,
    root: join(dataDir, 'storage'),
    log: (l) => log(`[storage] ${l}`),
  })
  await storage.start()

  const functions = createFunctions({
    dir: join(repoRoot, 'supabase', 'functions'),
    configPath: config.path,
    env: functionEnv({
      apiUrl,
      dbUrl: postgres.url,
      anonKey: ANON_KEY,
      serviceRoleKey: SERVICE_ROLE_KEY,
      publishableKey: PUBLISHABLE_KEY,
      secretKey: SECRET_KEY,
    }),
    secrets: {
      // The stack's defaults: mail goes to the mailbox, links point at the app.
      MAIL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Emmer <noreply@emmer.local>',
      APP_URL: options.siteUrl ?? config.auth.siteUrl,
      ...options.functionSecrets,
    },
    jwtSecret: JWT_SECRET,
    signingKeys,
    denoDir: join(dataDir, 'deno'),
    freePort,
    log: (l) => log(`[functions] ${l}`),
  })

  const gateway = createGateway({
    port: ports.api,
    keys: {
      publishable: PUBLISHABLE_KEY,
      secret: SECRET_KEY,
      anon: ANON_KEY,
      serviceRole: SERVICE_ROLE_KEY,
    },
    postgrestPort: () => postgrestPort,
    auth,
    realtime,
    functions,
    storage,
    log: (l) => log(`[gateway] ${l}`),
  })
  await gateway.listen()
  mark('ready')

  /** Calls a function as Supabase Cron does on a hosted project: POST with the service role key. */
  async function invokeFunction(name: string, body: unknown = {}): Promise<Response> {
    return fetch(`${apiUrl}/functions/v1/${name}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SERVICE_ROLE_KEY}`,
        apikey: SERVICE_ROLE_KEY,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })
  }
  const stopScheduler = options.schedule
    ? startScheduler(async (name) => {
        const res = await invokeFunction(name)
        log(`[cron] ${name}: ${res.status} ${await res.text()}`)
      }, log)
    : undefined

  const info: StackInfo = {
    apiUrl,
    postgrestUrl: `http://127.0.0.1:${postgrestPort}`,
    dbUrl: postgres.url,
    mailboxUrl: `http://127.0.0.1:${ports.mailbox}`,
    configPath: config.path,
    jwks: publishedJwks(signingKeys) as StackInfo['jwks'],
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    publishableKey: PUBLISHABLE_KEY,
    secretKey: SECRET_KEY,
    anonKey: ANON_KEY,
    serviceRoleKey: SERVICE_ROLE_KEY,
    jwtSecret: JWT_SECRET,
  }

  let stopped = false
  return {
    info,
    config,
    created,
    migration,
    timings,
    mailbox,
    functions,
    invokeFunction,
    /** Restart PostgREST (on the same port), e.g. to prove the app survives it. */
    async restartPostgrest(opts: { downMs?: number } = {}) {
      rest.kill()
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs))
      rest = postgrest()
      await rest.start()
    },
    async restartRealtime(opts: { downMs?: number } = {}) {
      await realtime.stop()
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs))
      await realtime.start()
    },
    /** Crash PostgreSQL (SIGKILL) and start it again on the same data. */
    async restartPostgres(opts: { downMs?: number } = {}) {
      postgres.kill()
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs))
      await postgres.start()
    },
    async stop() {
      if (stopped) return
      stopped = true
      stopScheduler?.()
      await functions.stop()
      await gateway.close()
      await realtime.stop()
      await rest.stop()
      await mailbox.close()
      await db.end().catch(() => undefined)
      await storageDb.end().catch(() => undefined)
      await postgres.stop()
    },
  }
}

export type Stack = Awaited<ReturnType<typeof startStack>>

/** A template GoTrue could fill but this stack could not fails at start, not at the first mail. */
function checkTemplates(config: ProjectConfig) {
  for (const [kind, t] of Object.entries(config.auth.email.template)) {
    if (!t.contentPath) continue
    try {
      // Every language branch: GoTrue's variables, with each locale the templates choose by.
      for (const locale of ['nl', 'en', 'tr', 'ar', 'pl']) {
        renderTemplate(readFileSync(t.contentPath, 'utf8'), {
          Token: '000000',
          TokenHash: 'hash',
          ConfirmationURL: 'https://example.test/',
          Email: 'a@example.test',
          NewEmail: 'b@example.test',
          SiteURL: 'https://example.test',
          RedirectTo: 'https://example.test/',
          Data: { locale },
        })
      }
    } catch (e) {
      throw new Error(`[auth.email.template.${kind}]: ${(e as Error).message}`)
    }
  }
}

export function describeStack(info: StackInfo): string {
  return [
    'Emmer local stack is running.',
    '',
    `         API URL: ${info.apiUrl}`,
    `          DB URL: ${info.dbUrl}`,
    `     Mailbox URL: ${info.mailboxUrl}`,
    `   Functions URL: ${info.apiUrl}/functions/v1/<name>`,
    ` Publishable key: ${info.publishableKey}`,
    `      Secret key: ${info.secretKey}`,
    '',
    'Legacy JWT keys (the alternative, for tools that need a JWT):',
    `      JWT secret: ${info.jwtSecret}`,
    `        anon key: ${info.anonKey}`,
    `service_role key: ${info.serviceRoleKey}`,
  ].join('\n')
}
