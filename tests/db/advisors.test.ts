// Supabase's database linter (splinter, via the pinned CLI) must find nothing at WARN or ERROR,
// for security and performance, on the migrated test database. The test fails when the advisors
// did not run: the CLI says "No issues found" on stderr when the list is empty, and nothing else
// counts as an empty list.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { stackInfo } from '../support/clients.ts'

const run = promisify(execFile)

interface Lint {
  level: string
  name: string
  detail: string
}

async function advisors(level: 'info' | 'warn'): Promise<Lint[]> {
  // The local server speaks no TLS; the CLI tries TLS unless told not to.
  const url = `${stackInfo().dbUrl}?sslmode=disable`
  const args = ['supabase', 'db', 'advisors', '--db-url', url, '--type', 'all']
  const { stdout, stderr } = await run('npx', [...args, '--level', level, '-o', 'json'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  })
  const start = stdout.indexOf('[')
  if (start >= 0) return JSON.parse(stdout.slice(start)) as Lint[]
  expect(stderr, 'the advisors did not report a result').toContain('No issues found')
  return []
}

test('supabase db advisors reports no WARN or ERROR', async () => {
  const lints = await advisors('warn')
  expect(lints.map((l) => `${l.level} ${l.name}: ${l.detail}`)).toEqual([])
}, 180_000)

test('the advisors really run: at INFO they report something on this database', async () => {
  // A fresh test database always has indexes that were never used (splinter's unused_index), so an
  // empty INFO list means the linter did not look at the database at all.
  const lints = await advisors('info')
  expect(lints.length).toBeGreaterThan(0)
  expect(lints.every((l) => typeof l.name === 'string' && typeof l.level === 'string')).toBe(true)
}, 180_000)
