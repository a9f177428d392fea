// Supabase's database linter (splinter, via the pinned CLI) must find nothing at WARN or ERROR,
// for security and performance, on the migrated test database.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { stackInfo } from '../support/clients.ts'

const run = promisify(execFile)

test('supabase db advisors reports no WARN or ERROR', async () => {
  // The local server speaks no TLS; the CLI tries TLS unless told not to.
  const url = `${stackInfo().dbUrl}?sslmode=disable`
  const { stdout } = await run(
    'npx',
    [
      'supabase',
      'db',
      'advisors',
      '--db-url',
      url,
      '--type',
      'all',
      '--level',
      'warn',
      '-o',
      'json',
    ],
    {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    },
  )
  const start = stdout.indexOf('[')
  const lints = (start >= 0 ? JSON.parse(stdout.slice(start)) : []) as {
    level: string
    name: string
    detail: string
  }[]
  expect(lints.map((l) => `${l.level} ${l.name}: ${l.detail}`)).toEqual([])
}, 180_000)
