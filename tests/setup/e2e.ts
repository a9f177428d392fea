// Global setup for end-to-end tests: a private stack, the app built against it (the real
// production build), and that build served by `vite preview` on a free port.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { preview } from 'vite'
import type { TestProject } from 'vitest/node'
import { freePort } from '../../supabase/local/stack.ts'
import { SHARED_STACK_AUTH, startTestStack } from './stack.ts'
import { TRANSLATOR_DEEPL_KEY } from '../support/translator.ts'
import { buildApp } from '../support/buildApp.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A tiny control server on 127.0.0.1 for resilience tests: POST
     * `${controlUrl}/restart/{postgrest|realtime|postgres}?downMs=N` restarts that part of this
     * run's stack (answering when it is back up). Only loopback, only for the e2e stack.
     */
    controlUrl: string
    /**
     * The port the Edge Function translate's DeepL secrets point at (DEEPL_API_URL): a test
     * starts the stand-in there (tests/support/translator.ts) before it asks for a translation.
     */
    translatorPort: number
  }
}

type Restartable = Awaited<ReturnType<typeof startTestStack>>

function startControl(stack: Restartable): Promise<{ url: string; close(): Promise<void> }> {
  const restarts = {
    postgrest: stack.restartPostgrest,
    realtime: stack.restartRealtime,
    postgres: stack.restartPostgres,
  } as const
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const part = /^\/restart\/(postgrest|realtime|postgres)$/.exec(url.pathname)?.[1] as
      keyof typeof restarts | undefined
    if (req.method !== 'POST' || !part) {
      res.writeHead(404).end()
      return
    }
    const downMs = Math.min(Number(url.searchParams.get('downMs') ?? 0) || 0, 30_000)
    restarts[part]({ downMs }).then(
      () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ restarted: part })),
      (e: Error) => res.writeHead(500).end(e.message),
    )
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    }),
  )
}

export default async function setup(project: TestProject) {
  const appPort = await freePort()
  const appUrl = `http://127.0.0.1:${appPort}`
  const translatorPort = await freePort()
  const stack = await startTestStack({
    siteUrl: appUrl,
    auth: SHARED_STACK_AUTH,
    functionSecrets: {
      DEEPL_API_KEY: TRANSLATOR_DEEPL_KEY,
      DEEPL_API_URL: `http://127.0.0.1:${translatorPort}`,
    },
  })
  const outDir = mkdtempSync(join(tmpdir(), 'emmer-e2e-dist-'))
  let server: Awaited<ReturnType<typeof preview>>
  try {
    await buildApp(outDir, stack.info)
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
  const control = await startControl(stack)
  project.provide('controlUrl', control.url)
  project.provide('translatorPort', translatorPort)
  return async () => {
    await control.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    await stack.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
}
