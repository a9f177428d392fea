// Vitest global setup: a private stack for this test run, never one a developer left running.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { freePort, startStack, type Stack, type StackInfo } from '../../supabase/local/stack.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo
    appUrl: string
    distDir: string
  }
}

/** Starts a stack on free ports in a throw-away folder; `stop()` removes the folder too. */
export async function startTestStack(extra: { siteUrl?: string } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emmer-test-'))
  // When tests run as root, Postgres runs as the postgres user and must be able to enter it.
  chmodSync(dataDir, 0o755)
  const stack = await startStack({
    dataDir,
    siteUrl: extra.siteUrl,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: (line) => {
      if (process.env.EMMER_STACK_VERBOSE) console.error(line)
    },
  })
  const stop = stack.stop
  stack.stop = async () => {
    await stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return stack
}

export default async function setup(project: TestProject) {
  const stack = await startTestStack()
  project.provide('stack', stack.info)
  return () => stack.stop()
}
