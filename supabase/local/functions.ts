// Edge Functions on the local stack: each folder `supabase/functions/<name>/index.ts` is served at
// `/functions/v1/<name>` by the real Deno runtime from npm (the `deno` package), one Deno process
// per function, started on the first request (a cold start, as on hosted Supabase) and stopped
// with the stack. The environment is the one hosted Supabase and `supabase functions serve` give a
// function (SUPABASE_URL, the keys, SUPABASE_DB_URL) plus the secrets in
// `supabase/functions/.env`; `verify_jwt` per function comes from config.toml.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { parse as parseToml } from 'smol-toml'
import { ACCEPTED_ALGORITHMS, keyResolver } from './signing.ts'
import type { Log, SigningKey } from './types.ts'

export interface FunctionsOptions {
  /** The folder with one subfolder per function (supabase/functions). */
  dir: string
  /** config.toml, for `[functions.<name>] verify_jwt`. */
  configPath: string
  /** What every function gets: SUPABASE_URL, SUPABASE_ANON_KEY, … (see functionEnv). */
  env: Record<string, string>
  /** Secrets (`supabase secrets set` on hosted); default `<dir>/.env` when it exists. */
  envFile?: string
  /** Extra secrets that win over the file (tests: a mail provider of their own). */
  secrets?: Record<string, string>
  /** Verifies the legacy (HS256) token of a function with verify_jwt on. */
  jwtSecret: string
  /**
   * The project's signing keys (config.toml `[auth] signing_keys_path`): Auth's ES256 user tokens
   * are checked against their public halves, as PostgREST, Realtime and Storage do.
   */
  signingKeys?: readonly SigningKey[]
  /** Deno's cache (transpiled modules); inside the stack's data folder. */
  denoDir: string
  /** A free port for a function's Deno process (the stack's freePort). */
  freePort: () => Promise<number>
  log: Log
}

/** Folders in supabase/functions that are functions: not `_shared`, not dot folders. */
export function functionNames(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => !name.startsWith('_') && !name.startsWith('.'))
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .filter((name) => existsSync(join(dir, name, 'index.ts')))
    .sort()
}

/**
 * `[functions.<name>] verify_jwt` from config.toml, true when absent (the CLI's default). A tiny
 * reader of our own; the stack's shared config reader can take its place.
 */
export function verifyJwtOf(configPath: string, name: string): boolean {
  const config = parseToml(readFileSync(configPath, 'utf8')) as {
    functions?: Record<string, { verify_jwt?: boolean }>
  }
  return config.functions?.[name]?.verify_jwt ?? true
}

/** `KEY=value` lines; `#` comments and blank lines skipped, optional quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m || line.trimStart().startsWith('#')) continue
    env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2')
  }
  return env
}

/**
 * The environment `supabase functions serve` gives a function (supabase/cli,
 * internal/functions/serve): the legacy keys by name, the new keys as JSON maps with a `default`.
 */
export function functionEnv(opts: {
  apiUrl: string
  dbUrl: string
  anonKey: string
  serviceRoleKey: string
  publishableKey?: string
  secretKey?: string
}): Record<string, string> {
  const env: Record<string, string> = {
    SUPABASE_URL: opts.apiUrl,
    SUPABASE_ANON_KEY: opts.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: opts.serviceRoleKey,
    SUPABASE_DB_URL: opts.dbUrl,
  }
  if (opts.publishableKey)
    env.SUPABASE_PUBLISHABLE_KEYS = JSON.stringify({ default: opts.publishableKey })
  if (opts.secretKey) env.SUPABASE_SECRET_KEYS = JSON.stringify({ default: opts.secretKey })
  return env
}

/**
 * The Deno binary. The `deno` package's postinstall puts it at node_modules/deno/deno; without
 * that script (npm's allowScripts) the platform package holds the same binary.
 */
export function denoBinary(): string {
  const require = createRequire(import.meta.url)
  const main = join(require.resolve('deno/package.json'), '..', 'deno')
  if (existsSync(main)) return main
  const platform = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`
  return join(require.resolve(`${platform}/package.json`), '..', 'deno')
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

interface Worker {
  child: ChildProcess
  port: number
  ready: Promise<void>
  exited: boolean
}

const JSON_HEADERS = { 'content-type': 'application/json' }

/** A refusal of the verify_jwt check: the `sb-error-code` and the body hosted Supabase sends. */
export interface JwtRefusal {
  code: string
  message: string
}

export function createFunctions(opts: FunctionsOptions) {
  const workers = new Map<string, Worker>()
  /** Milliseconds from spawn to the first answer, per function (cold starts). */
  const coldStarts: Record<string, number[]> = {}
  let stopping = false

  function secrets(): Record<string, string> {
    const file = opts.envFile ?? join(opts.dir, '.env')
    const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {}
    // Hosted Supabase refuses secrets that start with SUPABASE_; so does this stack.
    const own = Object.entries({ ...fromFile, ...opts.secrets }).filter(
      ([k]) => !k.startsWith('SUPABASE_'),
    )
    return Object.fromEntries(own)
  }

  async function start(name: string): Promise<Worker> {
    const port = await opts.freePort()
    mkdirSync(opts.denoDir, { recursive: true })
    const started = performance.now()
    // Only what a hosted function gets: no developer environment leaks into Deno.env.
    const child = spawn(
      denoBinary(),
      [
        'run',
        // As on hosted: the repository's tsconfig.json and package.json are not the function's
        // config; npm: imports resolve from node_modules (the pinned versions) instead of the net.
        '--no-config',
        '--node-modules-dir=manual',
        '--no-prompt',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--allow-sys',
        join(opts.dir, name, 'index.ts'),
      ],
      {
        cwd: join(opts.dir, '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DENO_DIR: opts.denoDir,
          DENO_NO_UPDATE_CHECK: '1',
          NO_COLOR: '1',
          DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`,
          ...secrets(),
          ...opts.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const worker: Worker = { child, port, exited: false, ready: Promise.resolve() }
    const logLines = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) opts.log(`${name}: ${line}`)
    }
    child.stdout?.on('data', logLines)
    child.stderr?.on('data', logLines)
    worker.ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => {
        worker.exited = true
        if (workers.get(name) === worker) workers.delete(name)
        reject(new Error(`function ${name} exited (${code}) before it served`))
      })
      const poll = async () => {
        while (!worker.exited) {
          if (await portAnswers(port)) {
            ;(coldStarts[name] ??= []).push(Math.round(performance.now() - started))
            return resolve()
          }
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      void poll()
    })
    worker.ready.catch(() => undefined)
    return worker
  }

  async function workerFor(name: string): Promise<Worker> {
    let worker = workers.get(name)
    if (!worker || worker.exited) {
      worker = await start(name)
      workers.set(name, worker)
    }
    await worker.ready
    return worker
  }

  const resolveKey = keyResolver(opts.jwtSecret, opts.signingKeys ?? [])

  /**
   * The gateway's check for a function with verify_jwt on. Hosted Supabase answers 401 with an
   * `sb-error-code` header and a `{ code, message }` body; the code follows the token's header
   * alone (legacy HS256 or asymmetric ES256/RS256), not why the signature or expiry failed.
   */
  async function checkJwt(req: IncomingMessage): Promise<JwtRefusal | null> {
    const header = req.headers.authorization
    if (!header)
      return { code: 'UNAUTHORIZED_NO_AUTH_HEADER', message: 'Missing authorization header' }
    const [scheme, token, ...rest] = header.split(' ')
    if (scheme !== 'Bearer' || !token || rest.length) {
      return { code: 'UNAUTHORIZED_INVALID_JWT_FORMAT', message: 'Invalid JWT' }
    }
    let alg: string | undefined
    try {
      alg = decodeProtectedHeader(token).alg
    } catch {
      alg = undefined
    }
    if (!alg || token.split('.').length !== 3) {
      return { code: 'UNAUTHORIZED_INVALID_JWT_FORMAT', message: 'Invalid JWT' }
    }
    if (!ACCEPTED_ALGORITHMS.includes(alg)) {
      return {
        code: 'UNAUTHORIZED_UNSUPPORTED_TOKEN_ALGORITHM',
        message: `Unsupported JWT algorithm ${alg}`,
      }
    }
    try {
      await jwtVerify(token, resolveKey, { algorithms: ACCEPTED_ALGORITHMS })
      return null
    } catch {
      return alg === 'HS256'
        ? { code: 'UNAUTHORIZED_LEGACY_JWT', message: 'Invalid JWT' }
        : { code: 'UNAUTHORIZED_ASYMMETRIC_JWT', message: 'Invalid JWT' }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL) {
    const m = /^\/([A-Za-z0-9_-]+)(\/.*)?$/.exec(path)
    const name = m?.[1]
    if (!name || stopping || !functionNames(opts.dir).includes(name)) {
      req.resume()
      res.writeHead(404, { 'content-type': 'text/plain' })
      return void res.end('Function not found')
    }
    if (req.method !== 'OPTIONS' && verifyJwtOf(opts.configPath, name)) {
      const refused = await checkJwt(req)
      if (refused) {
        req.resume()
        res.writeHead(401, {
          ...JSON_HEADERS,
          'sb-error-code': refused.code,
          'access-control-expose-headers': 'sb-error-code',
        })
        return void res.end(JSON.stringify(refused))
      }
    }
    let worker: Worker
    try {
      worker = await workerFor(name)
    } catch (e) {
      req.resume()
      opts.log(`${name}: ${(e as Error).message}`)
      res.writeHead(503, JSON_HEADERS)
      return void res.end(
        JSON.stringify({
          code: 'BOOT_ERROR',
          message: 'Function failed to start (please check logs)',
        }),
      )
    }
    const headers = { ...req.headers }
    delete headers.host
    const upstream = request(
      {
        host: '127.0.0.1',
        port: worker.port,
        method: req.method,
        path: `/${name}${m[2] ?? ''}${url.search}`,
        headers,
      },
      (up) => {
        const out = { ...up.headers }
        // The gateway's CORS headers stay unless the function set its own.
        for (const [k, v] of Object.entries(res.getHeaders())) if (!(k in out)) out[k] = v as string
        res.writeHead(up.statusCode ?? 502, out)
        up.pipe(res)
      },
    )
    upstream.on('error', (e) => {
      opts.log(`${name}: ${e.message}`)
      if (!res.headersSent) {
        res.writeHead(502, JSON_HEADERS)
        res.end(JSON.stringify({ code: 'WORKER_ERROR', message: 'Function exited unexpectedly' }))
      } else res.destroy()
    })
    req.pipe(upstream)
  }

  /** Ends the worker of one function (or all): the next request starts it cold. */
  async function kill(name?: string) {
    const chosen = [...workers.entries()].filter(([n]) => !name || n === name)
    await Promise.all(
      chosen.map(
        ([n, w]) =>
          new Promise<void>((resolve) => {
            workers.delete(n)
            if (w.exited) return resolve()
            w.child.once('exit', () => resolve())
            w.child.kill('SIGTERM')
            setTimeout(() => w.child.kill('SIGKILL'), 3000).unref()
          }),
      ),
    )
  }

  return {
    handle,
    coldStarts,
    names: () => functionNames(opts.dir),
    /** Ends a function's worker now (tests: a run that dies half-way). */
    kill,
    async stop() {
      stopping = true
      await kill()
    },
  }
}

export type LocalFunctions = ReturnType<typeof createFunctions>

/**
 * Local Supabase Cron: the schedules the migration sets up with pg_cron on a hosted project
 * (20261202740200_schedule_mail_jobs.sql, 20261202810200_schedule_event_reminders.sql), called here from the stack on the same minutes. Each
 * entry is [function name, cron expression]; tests/stack/functions.test.ts keeps them alike.
 */
export const SCHEDULES: ReadonlyArray<readonly [string, string]> = [
  ['digest', '7 * * * *'],
  ['answer-mail', '* * * * *'],
  ['reminders', '17 * * * *'],
]

/** Does a five-field cron expression (numbers, `*`, `*\/n`, lists) match this minute? */
export function cronMatches(expr: string, at: Date): boolean {
  const fields = expr.trim().split(/\s+/)
  if (fields.length !== 5) throw new Error(`Not a five-field cron expression: ${expr}`)
  const values = [
    at.getUTCMinutes(),
    at.getUTCHours(),
    at.getUTCDate(),
    at.getUTCMonth() + 1,
    at.getUTCDay(),
  ]
  return fields.every((field, i) =>
    field.split(',').some((part) => {
      if (part === '*') return true
      const step = /^\*\/(\d+)$/.exec(part)
      if (step) return values[i] % Number(step[1]) === 0
      return Number(part) === values[i]
    }),
  )
}

/**
 * Calls each scheduled function at the minutes its cron expression names (UTC, as pg_cron), with
 * the service role key, as the hosted cron job does through pg_net. Returns a stop function.
 */
export function startScheduler(
  call: (name: string) => Promise<void>,
  log: Log,
  schedules = SCHEDULES,
): () => void {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const tick = () => {
    if (stopped) return
    const now = new Date()
    for (const [name, expr] of schedules) {
      if (cronMatches(expr, now)) call(name).catch((e: Error) => log(`cron ${name}: ${e.message}`))
    }
    // The next whole minute.
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50)
    timer.unref()
  }
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50)
  timer.unref()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
