// Global setup for end-to-end tests: a private stack, the app built against it (the real
// production build), and that build served by `vite preview` on a free port.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, preview } from 'vite'
import type { TestProject } from 'vitest/node'
import { freePort } from '../../supabase/local/stack.ts'
import { startTestStack } from './stack.ts'

export default async function setup(project: TestProject) {
  const appPort = await freePort()
  const appUrl = `http://127.0.0.1:${appPort}`
  const stack = await startTestStack({ siteUrl: appUrl })
  const outDir = mkdtempSync(join(tmpdir(), 'emmer-e2e-dist-'))
  process.env.VITE_SUPABASE_URL = stack.info.apiUrl
  process.env.VITE_SUPABASE_ANON_KEY = stack.info.anonKey
  let server: Awaited<ReturnType<typeof preview>>
  try {
    await build({ mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    server = await preview({
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: appPort, strictPort: true },
    })
  } catch (e) {
    // Do not leave Postgres and friends running when the build fails.
    await stack.stop()
    rmSync(outDir, { recursive: true, force: true })
    throw e
  }
  project.provide('stack', stack.info)
  project.provide('appUrl', appUrl)
  project.provide('distDir', outDir)
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    await stack.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
}
