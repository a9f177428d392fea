// npm run bench:lighthouse — Lighthouse (mobile, its default) on the home, idea and new-idea
// pages of the production build, served by `vite preview` against a private stack with the demo
// seed, in the npm Chromium (@sparticuz/chromium, or CHROME_PATH). Prints performance and
// accessibility scores (targets >= 95 and 100). Lighthouse 13 needs Node 22.19+: it runs on the
// Node 24 that npm scripts bring. Env: BENCH_RUNS (runs per page, median; default 1), BENCH_LH_DUMP
// (a directory: write each run's Lighthouse JSON and trace, with V8's CPU samples, there, for the LCP element, request chains and what the long tasks run),
// BENCH_PAGES (a comma-separated choice of home, idea, new idea; default all three).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../supabase/local/stack.ts'
import { buildApp } from '../tests/support/buildApp.ts'
import { startBenchStack, withDb } from './fixtures.ts'
import { machine, median } from './lib.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 1)
const DUMP = process.env.BENCH_LH_DUMP

let lighthouse: typeof import('lighthouse').default
let chromeLauncher: typeof import('chrome-launcher')
try {
  lighthouse = (await import('lighthouse')).default
  chromeLauncher = await import('chrome-launcher')
} catch (e) {
  console.log(
    `bench:lighthouse skipped: the lighthouse package does not load here (${(e as Error).message})`,
  )
  process.exit(0)
}

async function chromePath(): Promise<{ path: string; flags: string[] }> {
  if (process.env.CHROME_PATH) return { path: process.env.CHROME_PATH, flags: [] }
  if (process.platform !== 'linux' && existsSync('/usr/bin/chromium'))
    return { path: '/usr/bin/chromium', flags: [] }
  const { default: chromium } = await import('@sparticuz/chromium')
  // Lighthouse opens its own targets: single-process mode and an old headless mode get in its way.
  const flags = chromium.args.filter((a) => !/^--(single-process|no-zygote|headless)/.test(a))
  return { path: await chromium.executablePath(), flags }
}

const appPort = await freePort()
const appUrl = `http://127.0.0.1:${appPort}`
const stack = await startBenchStack()
const outDir = mkdtempSync(join(tmpdir(), 'emmer-lh-dist-'))
let chrome: Awaited<ReturnType<typeof chromeLauncher.launch>> | undefined
let server: { httpServer: { close(cb: () => void): void } } | undefined
try {
  await buildApp(outDir, stack.info)
  const { preview } = await import('vite')
  server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: appPort, strictPort: true },
  })
  const ideaId = await withDb(
    stack.info.dbUrl,
    async (db) =>
      (
        await db.query<{ id: string }>(
          'select id from public.ideas where hidden_at is null order by vote_count desc limit 1',
        )
      ).rows[0]?.id,
  )
  const { path, flags } = await chromePath()
  chrome = await chromeLauncher.launch({
    chromePath: path,
    chromeFlags: [...flags, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  const allPages = { home: '/', idea: `/idee/${ideaId}`, 'new idea': '/nieuw' }
  const only = process.env.BENCH_PAGES?.split(',').map((p) => p.trim())
  const pages = Object.fromEntries(
    Object.entries(allPages).filter(([name]) => !only || only.includes(name)),
  )
  console.log(
    `bench:lighthouse — mobile, ${RUNS} run(s) per page, on ${machine()}, ${cpus().length} cores`,
  )
  for (const [name, path] of Object.entries(pages)) {
    const perf: number[] = []
    const a11y: number[] = []
    const lcp: number[] = []
    const tbt: number[] = []
    const scriptEval: number[] = []
    const scriptBytes: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(`${appUrl}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        // With a dump, the trace also holds V8's CPU samples: which functions the long tasks run.
        ...(DUMP ? { additionalTraceCategories: 'disabled-by-default-v8.cpu_profiler' } : {}),
      })
      const lhr = result!.lhr
      if (DUMP) {
        mkdirSync(DUMP, { recursive: true })
        writeFileSync(join(DUMP, `${name.replace(/\W+/g, '-')}-${i + 1}.json`), JSON.stringify(lhr))
        const trace = (result!.artifacts as { Trace?: unknown }).Trace
        if (trace)
          writeFileSync(
            join(DUMP, `${name.replace(/\W+/g, '-')}-${i + 1}.trace.json`),
            JSON.stringify(trace),
          )
      }
      perf.push(Math.round((lhr.categories.performance.score ?? 0) * 100))
      a11y.push(Math.round((lhr.categories.accessibility.score ?? 0) * 100))
      lcp.push(Number(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN))
      tbt.push(Number(lhr.audits['total-blocking-time']?.numericValue ?? NaN))
      // Load-independent next to the scores: the main thread's script evaluation as the trace
      // measured it (Lighthouse multiplies it for its simulated phone), and the JS on the wire.
      const items = (audit: string) =>
        ((lhr.audits[audit]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ??
          []) as {
          group?: string
          duration?: number
          resourceType?: string
          transferSize?: number
        }[]
      scriptEval.push(
        items('mainthread-work-breakdown').find((i) => i.group === 'scriptEvaluation')?.duration ??
          NaN,
      )
      scriptBytes.push(
        items('resource-summary').find((i) => i.resourceType === 'script')?.transferSize ?? NaN,
      )
      if (i === RUNS - 1) {
        const failed = Object.values(lhr.audits)
          .filter(
            (a) =>
              a.score !== null &&
              a.score < 1 &&
              lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id),
          )
          .map((a) => a.id)
        if (failed.length)
          console.log(`    ${name}: accessibility audits below 1: ${failed.join(', ')}`)
      }
    }
    console.log(
      `  ${name.padEnd(9)} ${path.padEnd(48)} performance ${median(perf)} [target >= 95], accessibility ${median(a11y)} [target 100], LCP ${Math.round(median(lcp))} ms, TBT ${Math.round(median(tbt))} ms [target <= 150], script evaluation ${Math.round(median(scriptEval))} ms, JS ${(median(scriptBytes) / 1024).toFixed(1)} KB (runs: performance ${perf.join(' ')}, TBT ${tbt.map(Math.round).join(' ')})`,
    )
  }
} finally {
  await chrome?.kill()
  if (server) await new Promise<void>((resolve) => server!.httpServer.close(() => resolve()))
  await stack.stop()
  rmSync(outDir, { recursive: true, force: true })
}
