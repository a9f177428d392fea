// Vitest global setup: a private stack for this test run, never one a developer left running.
import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { tempDataDir } from '../../supabase/local/postgres.ts'
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
  const dataDir = tempDataDir('emmer-test-')
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
