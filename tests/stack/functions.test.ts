// Edge Functions on the local stack, through supabase-js `functions.invoke` as the app and
// Supabase Cron call them: served by the real Deno runtime at /functions/v1/<name>, with
// verify_jwt from config.toml, the job functions refusing every caller without the secret key.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FunctionsHttpError } from '@supabase/supabase-js'
import { describe, expect, it } from 'vitest'
import {
  cronMatches,
  denoBinary,
  functionNames,
  parseEnvFile,
  SCHEDULES,
  verifyJwtOf,
} from '../../supabase/local/functions.ts'
import { repoRoot } from '../../supabase/local/migrate.ts'
import { anonClient, serviceClient, sql, stackInfo } from '../support/clients.ts'
import { createUser } from '../support/users.ts'

const FUNCTIONS_DIR = join(repoRoot, 'supabase', 'functions')
const CONFIG = join(repoRoot, 'supabase', 'config.toml')

describe('the job functions (digest, answer-mail) through functions.invoke', () => {
  it.each(['digest', 'answer-mail', 'reminders'])(
    '%s runs for the service role key',
    async (name) => {
      const { data, error } = await serviceClient().functions.invoke(name)
      expect(error).toBeNull()
      expect(data).toEqual({ sent: expect.any(Array), failed: expect.any(Array) })
    },
  )

  it.each(['digest', 'answer-mail', 'reminders'])(
    '%s refuses the anon key and a signed-in resident, and sends nothing',
    async (name) => {
      const resident = await createUser()
      expect(
        (await resident.client.from('digest_settings').upsert({ frequency: 'daily' })).error,
      ).toBeNull()
      for (const client of [anonClient(), resident.client]) {
        const { data, error } = await client.functions.invoke(name)
        expect(data).toBeNull()
        expect(error).toBeInstanceOf(FunctionsHttpError)
        const res = (error as FunctionsHttpError).context as Response
        expect(res.status).toBe(401)
        expect(await res.json()).toMatchObject({ code: 'not_allowed' })
      }
      const [row] = await sql(
        'select last_sent_at from public.digest_settings where user_id = $1',
        [resident.id],
      )
      expect(row.last_sent_at).toBeNull()
    },
  )

  it('answers an unknown function with 404, as the edge runtime does', async () => {
    const res = await fetch(`${stackInfo().apiUrl}/functions/v1/no-such-function`, {
      method: 'POST',
    })
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('Function not found')
  })
})

describe('configuration', () => {
  it('reads verify_jwt per function from config.toml (true when absent, as the CLI)', () => {
    expect(verifyJwtOf(CONFIG, 'digest')).toBe(false)
    expect(verifyJwtOf(CONFIG, 'answer-mail')).toBe(false)
    expect(verifyJwtOf(CONFIG, 'invite-team-member')).toBe(false)
    expect(verifyJwtOf(CONFIG, 'agenda-ical')).toBe(false)
    expect(verifyJwtOf(CONFIG, 'reminders')).toBe(false)
    expect(verifyJwtOf(CONFIG, 'not-configured')).toBe(true)
  })

  it('every function the app calls has verify_jwt = false and verifies with auth.getClaims() (issue #13)', () => {
    const called = new Set<string>()
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (/\.(ts|vue)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
          for (const m of readFileSync(path, 'utf8').matchAll(
            /functions\.invoke\(\s*'([\w-]+)'/g,
          )) {
            called.add(m[1])
          }
        }
      }
    }
    walk(join(repoRoot, 'src'))
    expect(called.size).toBeGreaterThan(0)
    for (const name of called) {
      expect(functionNames(FUNCTIONS_DIR)).toContain(name)
      expect(verifyJwtOf(CONFIG, name)).toBe(false)
      expect(readFileSync(join(FUNCTIONS_DIR, name, 'index.ts'), 'utf8')).toMatch(
        /\.auth\.getClaims\(/,
      )
    }
  })

  it('lists the function folders, not _shared', () => {
    expect(functionNames(FUNCTIONS_DIR)).toEqual([
      'agenda-ical',
      'answer-mail',
      'digest',
      'invite-team-member',
      'reminders',
      'translate',
    ])
    for (const name of functionNames(FUNCTIONS_DIR)) {
      expect(readFileSync(CONFIG, 'utf8')).toContain(`[functions.${name}]`)
    }
  })

  it('parses secrets files like the CLI (comments, quotes)', () => {
    expect(parseEnvFile('# no\nA=1\nB="two words"\n  C = \'x\'\nnot a line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x',
    })
  })

  it('schedules locally on the same minutes as the hosted cron migration', () => {
    const migration = [
      '20261202740200_schedule_mail_jobs.sql',
      '20261202810200_schedule_event_reminders.sql',
    ]
      .map((file) => readFileSync(join(repoRoot, 'supabase/migrations', file), 'utf8'))
      .join('\n')
    for (const [name, expr] of SCHEDULES) expect(migration).toContain(`('${name}', '${expr}')`)
    expect(cronMatches('7 * * * *', new Date('2026-12-02T10:07:00Z'))).toBe(true)
    expect(cronMatches('7 * * * *', new Date('2026-12-02T10:08:00Z'))).toBe(false)
    expect(cronMatches('* * * * *', new Date('2026-12-02T10:08:00Z'))).toBe(true)
    expect(cronMatches('*/15 3 * * *', new Date('2026-12-02T03:30:00Z'))).toBe(true)
  })

  it('type-checks every function with Deno, npm: imports resolved from node_modules', () => {
    // One `deno check` for all of them: the shared modules are checked once (a loaded machine).
    execFileSync(
      denoBinary(),
      [
        'check',
        '--no-config',
        '--node-modules-dir=manual',
        ...functionNames(FUNCTIONS_DIR).map((name) => join(FUNCTIONS_DIR, name, 'index.ts')),
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
        stdio: 'pipe',
      },
    )
  }, 300_000)
})
