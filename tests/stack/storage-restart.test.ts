// Storage keeps every file across a restart of the whole stack: the bytes live under the stack's
// data folder and the metadata in Postgres, and both come back together.
import { createClient } from '@supabase/supabase-js'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { tempDataDir } from '../../supabase/local/postgres.ts'
import { freePort, startStack, type Stack } from '../../supabase/local/stack.ts'

const dataDir = tempDataDir('emmer-storage-restart-')
let stack: Stack | undefined

afterAll(async () => {
  await stack?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function start() {
  return startStack({
    dataDir,
    seed: false,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: () => undefined,
  })
}

it('serves every stored file again after a restart', { timeout: 180_000 }, async () => {
  stack = await start()
  const db = new pg.Client({ connectionString: stack.info.dbUrl })
  await db.connect()
  await db.query(
    `insert into storage.buckets (id, name, public) values ('restart', 'restart', false)`,
  )
  await db.end()
  const service = () =>
    createClient(stack!.info.apiUrl, stack!.info.serviceRoleKey, {
      auth: { persistSession: false },
    }).storage.from('restart')
  const files = Array.from({ length: 12 }, (_, i) => ({
    path: `folder-${i % 3}/file-${i}.bin`,
    bytes: randomBytes(1000 + i * 997),
  }))
  for (const f of files) {
    const { error } = await service().upload(f.path, f.bytes, {
      contentType: 'application/octet-stream',
    })
    expect(error).toBeNull()
  }
  // One replaced and one removed: the restart must show the newest state, not the history.
  files[0].bytes = randomBytes(500)
  expect(
    (
      await service().update(files[0].path, files[0].bytes, {
        contentType: 'application/octet-stream',
      })
    ).error,
  ).toBeNull()
  const removed = files.pop()!
  expect((await service().remove([removed.path])).error).toBeNull()

  await stack.stop()
  stack = await start()

  for (const f of files) {
    const { data, error } = await service().download(f.path)
    expect(error).toBeNull()
    expect(Buffer.from(await data!.arrayBuffer()).equals(f.bytes)).toBe(true)
  }
  expect((await service().download(removed.path)).error).not.toBeNull()
})
