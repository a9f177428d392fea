// The whole local Supabase-compatible stack in one object: PostgreSQL, the bootstrap and
// migrations, PostgREST, Auth, Realtime, Storage, the mailbox and the gateway in front of them.
import { createServer } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { createAuth } from './auth/index.ts'
import { createGateway } from './gateway.ts'
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from './keys.ts'
import { Mailbox } from './mailbox.ts'
import { migrate, repoRoot } from './migrate.ts'
import { LocalPostgres } from './postgres.ts'
import { LocalPostgrest } from './postgrest.ts'
import { createRealtime } from './realtime/index.ts'
import { createStorage } from './storage/index.ts'
import type { AuthOptions, Log } from './types.ts'

export const DEFAULT_PORTS = { api: 54321, db: 54322, mailbox: 54324 }
type Ports = typeof DEFAULT_PORTS & { smtp?: number }
export const DEFAULT_DATA_DIR = join(repoRoot, '.supabase', 'data')
export const DB_PASSWORD = 'postgres'

export interface StackOptions {
  dataDir?: string
  ports?: Partial<Ports>
  /** Where the app runs; the default redirect target of magic links. */
  siteUrl?: string
  seed?: boolean
  log?: Log
  /** Auth settings that differ between set-ups (confirmations on or off, verification limit). */
  auth?: Pick<AuthOptions, 'confirmations' | 'tokenVerifications'>
}

export interface StackInfo {
  apiUrl: string
  /** PostgREST itself, behind the gateway: for benchmarks that compare the two. */
  postgrestUrl: string
  dbUrl: string
  mailboxUrl: string
  /** SMTP into the mailbox, e.g. smtp://127.0.0.1:54325 */
  smtpUrl?: string
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
  const migration = await migrate(postgres.url, { seed: options.seed ?? true })
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
      jwtSecret: JWT_SECRET,
      log: (l) => log(`[postgrest] ${l}`),
    })
  let rest = postgrest()
  await rest.start()
  mark('postgrest')

  const siteUrl = options.siteUrl ?? 'http://127.0.0.1:5173'
  const auth = createAuth({
    db,
    jwtSecret: JWT_SECRET,
    siteUrl,
    redirectUrls: [`${siteUrl}/**`, 'http://localhost:*/**', 'http://127.0.0.1:*/**'],
    apiUrl,
    mailer: mailbox,
    log: (l) => log(`[auth] ${l}`),
    ...options.auth,
  })
  const realtime = createRealtime({
    dbUrl: postgres.url,
    jwtSecret: JWT_SECRET,
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
    root: join(dataDir, 'storage'),
    log: (l) => log(`[storage] ${l}`),
  })
  await storage.start()

  const gateway = createGateway({
    port: ports.api,
    apiKeys: [ANON_KEY, SERVICE_ROLE_KEY],
    postgrestPort: () => postgrestPort,
    auth,
    realtime,
    storage,
    log: (l) => log(`[gateway] ${l}`),
  })
  await gateway.listen()
  mark('ready')

  const info: StackInfo = {
    apiUrl,
    postgrestUrl: `http://127.0.0.1:${postgrestPort}`,
    dbUrl: postgres.url,
    mailboxUrl: `http://127.0.0.1:${ports.mailbox}`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    anonKey: ANON_KEY,
    serviceRoleKey: SERVICE_ROLE_KEY,
    jwtSecret: JWT_SECRET,
  }

  let stopped = false
  return {
    info,
    created,
    migration,
    timings,
    mailbox,
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

export function describeStack(info: StackInfo): string {
  return [
    'Emmer local stack is running.',
    '',
    `         API URL: ${info.apiUrl}`,
    `          DB URL: ${info.dbUrl}`,
    `     Mailbox URL: ${info.mailboxUrl}`,
    `      JWT secret: ${info.jwtSecret}`,
    `        anon key: ${info.anonKey}`,
    `service_role key: ${info.serviceRoleKey}`,
  ].join('\n')
}
