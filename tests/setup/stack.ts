// Vitest global setup: a private stack for this test run, never one a developer left running.
import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { tempDataDir } from '../../supabase/local/postgres.ts'
import {
  freePort,
  startStack,
  type Stack,
  type StackInfo,
  type StackOptions,
} from '../../supabase/local/stack.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo
    appUrl: string
    distDir: string
  }
}

/** Starts a stack on free ports in a throw-away folder; `stop()` removes the folder too. */
export async function startTestStack(
  extra: {
    siteUrl?: string
    auth?: StackOptions['auth']
    functionSecrets?: StackOptions['functionSecrets']
    /** Another config.toml than supabase/config.toml. */
    configPath?: string
    /** Keep the file's per-IP limits instead of TEST_RUN_LIMITS. */
    configLimits?: boolean
    /** Seed the database (reference and demo data); false for a stack with another area's data. */
    seed?: boolean
  } = {},
): Promise<Stack> {
  const dataDir = tempDataDir('emmer-test-')
  const stack = await startStack({
    dataDir,
    siteUrl: extra.siteUrl,
    configPath: extra.configPath,
    auth: extra.configLimits ? extra.auth : { ...TEST_RUN_LIMITS, ...extra.auth },
    functionSecrets: extra.functionSecrets,
    seed: extra.seed,
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

/**
 * Every test stack: config.toml's per-IP sign-in and mail limits (30 per 5 minutes, 30 mails an
 * hour) count every test file's calls from 127.0.0.1 together; tests that prove those limits set
 * them back (tests/stack/config-toml.test.ts).
 */
export const TEST_RUN_LIMITS: StackOptions['auth'] = {
  signInSignUps: 100_000,
  emailSentPerHour: 100_000,
}

/**
 * Auth settings of the stacks that whole test runs share. Every test file calls from 127.0.0.1,
 * so the per-IP limit on code verifications (30 per 5 minutes, as hosted) would stop the suite
 * rather than an attacker; tests/stack/auth-guessing.test.ts checks that default on its own stack.
 */
export const SHARED_STACK_AUTH: StackOptions['auth'] = { tokenVerifications: 100_000 }

export default async function setup(project: TestProject) {
  const stack = await startTestStack({ auth: SHARED_STACK_AUTH })
  project.provide('stack', stack.info)
  return () => stack.stop()
}
