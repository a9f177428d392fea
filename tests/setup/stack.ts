// Vitest global setup: a private stack for this test run, never one a developer left running.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { freePort, startStack, type StackInfo } from '../../supabase/local/stack.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'emmer-test-'))
  const logs: string[] = []
  const stack = await startStack({
    dataDir,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: (line) => {
      logs.push(line)
      if (process.env.EMMER_STACK_VERBOSE) console.error(line)
    },
  })
  project.provide('stack', stack.info)
  return async () => {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
