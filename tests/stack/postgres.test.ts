import { rmSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { LocalPostgres, tempDataDir } from '../../supabase/local/postgres.ts'
import { freePort } from '../../supabase/local/stack.ts'

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ n: number }>('select 1 as n')).rows[0].n
  } finally {
    await client.end()
  }
}

describe('local PostgreSQL', () => {
  const dir = tempDataDir('emmer-pg-')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('starts again on the same data after the previous run was killed', async () => {
    const port = await freePort()
    const first = new LocalPostgres({
      dataDir: join(dir, 'db'),
      port,
      password: 'postgres',
      log: () => {},
    })
    expect(await first.init()).toBe(true)
    await first.start()
    expect(await selectOne(first.url)).toBe(1)
    first.kill()
    // The killed server leaves its pid file behind, which used to make the next start fail.
    expect(existsSync(join(dir, 'db', 'postmaster.pid'))).toBe(true)

    const second = new LocalPostgres({
      dataDir: join(dir, 'db'),
      port,
      password: 'postgres',
      log: () => {},
    })
    expect(await second.init()).toBe(false)
    await second.start()
    expect(await selectOne(second.url)).toBe(1)
    await second.stop()
    expect(existsSync(join(dir, 'db', 'postmaster.pid'))).toBe(false)
  })
})
