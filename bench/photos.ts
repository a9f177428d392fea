// npm run bench:photos — two figures for photos on ideas (issue 15), on a private stack:
//  1. From choosing a 12-megapixel phone photo to seeing it on the idea page, in a real Chromium
//     against the production build: the browser's resize and re-encode, the upload of photo and
//     thumbnail, and the signed URL the idea page fetches (median of BENCH_PHOTO_RUNS, 5).
//  2. 200 concurrent readers fetching thumbnails through signed URLs (as a list page does after
//     its one createSignedUrls): throughput, p50/p95 and errors.
// Env: BENCH_READERS (200), BENCH_READS (10 per reader), BENCH_PHOTO_RUNS (5).
import { createClient } from '@supabase/supabase-js'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { freePort } from '../supabase/local/stack.ts'
import { buildApp } from '../tests/support/buildApp.ts'
import { createResidents, firstIds, mintJwt, startBenchStack } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const READERS = Number(process.env.BENCH_READERS ?? 200)
const READS = Number(process.env.BENCH_READS ?? 10)
const RUNS = Number(process.env.BENCH_PHOTO_RUNS ?? 5)

/** CPU time of this process's main thread (the stack: gateway and Storage), Linux only. */
function mainCpuMs(): number | null {
  try {
    const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return null
  }
}

/** The readers, in a worker thread so their CPU is not the server's. */
function readAll(urls: string[], readers: number, reads: number) {
  return new Promise<{
    latencies: number[]
    errors: number
    kinds: Record<string, number>
    seconds: number
  }>((resolve, reject) => {
    const w = new Worker(new URL('./photo-readers.mjs', import.meta.url), {
      workerData: { urls, readers, reads },
    })
    w.once('message', (m) => {
      resolve(m)
      void w.terminate()
    })
    w.once('error', reject)
  })
}

const stack = await startBenchStack()
const outDir = mkdtempSync(join(tmpdir(), 'emmer-bench-photos-'))
let server: { close(): Promise<void> | void; httpServer?: unknown } | undefined
let browser: import('playwright-core').Browser | undefined
try {
  console.log(machine())
  const [author] = await createResidents(stack.info.dbUrl, 1, 'photographer')
  const [theme] = await firstIds(stack.info.dbUrl, 'themes')
  const [hood] = await firstIds(stack.info.dbUrl, 'neighbourhoods')
  const token = await mintJwt(stack.info.jwtSecret, author)
  const asAuthor = createClient(stack.info.apiUrl, stack.info.anonKey, {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false },
  })

  // --- 2. readers ---------------------------------------------------------------------------
  const db = new pg.Client({ connectionString: stack.info.dbUrl })
  await db.connect()
  const ideaId = randomUUID()
  await db.query(
    `insert into public.ideas (id, title, body, kind, theme_id, neighbourhood_id, author_id)
     values ($1, 'Een bankje bij de speeltuin', 'Ouders staan nu de hele middag. Een bankje zou fijn zijn.', 'idea', $2, $3, $4)`,
    [ideaId, theme, hood, author],
  )
  const thumbs: string[] = []
  for (let i = 0; i < 3; i++) {
    const { data, error } = await asAuthor
      .from('idea_photos')
      .insert({
        id: randomUUID(),
        idea_id: ideaId,
        author_id: author,
        format: 'jpg',
        description: 'Een bankje in het park',
        width: 1600,
        height: 1200,
        thumb_width: 480,
        thumb_height: 360,
      })
      .select('thumb_path')
      .single()
    if (error) throw error
    // A thumbnail-sized body (about 25 KB) with a JPEG signature.
    const body = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(25_000)])
    const up = await asAuthor.storage
      .from('idea-photos')
      .upload(data.thumb_path!, body, { contentType: 'image/jpeg' })
    if (up.error) throw up.error
    thumbs.push(data.thumb_path!)
  }
  await db.end()
  const anon = createClient(stack.info.apiUrl, stack.info.anonKey, {
    auth: { persistSession: false },
  })
  const signStart = performance.now()
  const signed = await anon.storage.from('idea-photos').createSignedUrls(thumbs, 3600)
  const signMs = performance.now() - signStart
  if (signed.error) throw signed.error
  const urls = signed.data.map((d) => d.signedUrl!)
  // A short warm-up (connections, JIT), then the measured run.
  await readAll(urls, 20, 5)
  const cpu0 = mainCpuMs()
  const { latencies, errors, kinds, seconds } = await readAll(urls, READERS, READS)
  const cpu1 = mainCpuMs()
  console.log(`\nThumbnails: ${READERS} concurrent readers x ${READS} fetches (25 KB each)`)
  console.log(`  createSignedUrls for 3 paths: ${fmt(signMs)}`)
  console.log(`  throughput: ${(latencies.length / seconds).toFixed(0)} requests/s`)
  console.log(`  p50 ${fmt(median(latencies))}, p95 ${fmt(percentile(latencies, 95))}`)
  console.log(
    `  errors: ${errors} of ${latencies.length}${errors ? ` (${JSON.stringify(kinds)})` : ''}`,
  )
  if (cpu0 !== null && cpu1 !== null)
    console.log(
      `  server main-thread CPU per thumbnail request (gateway + Storage, Postgres not counted): ${fmt((cpu1 - cpu0) / latencies.length)}`,
    )

  // --- 1. a 12-megapixel photo to visible ---------------------------------------------------
  if (RUNS > 0) {
    await buildApp(outDir, stack.info)
    const { preview } = await import('vite')
    const appPort = await freePort()
    server = await preview({
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: appPort, strictPort: true },
    })
    const appUrl = `http://127.0.0.1:${appPort}`
    const { launchBrowser } = await import('../tests/support/browser.ts')
    browser = await launchBrowser()
    const context = await browser.newContext({ locale: 'nl-NL' })
    const page = await context.newPage()
    // Signed in as the author, through the app's own storage key.
    const session = await fetch(`${stack.info.apiUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: stack.info.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bewoner@emmer.local', password: 'emmer-demo-2026' }),
    }).then((r) => r.json() as Promise<Record<string, unknown>>)
    const ref = new URL(stack.info.apiUrl).hostname.split('.')[0]
    await page.goto(appUrl)
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
      `sb-${ref}-auth-token`,
      JSON.stringify(session),
    ] as const)
    // A 4000 x 3000 phone-like photo, drawn and encoded by the browser once.
    const photo = await page.evaluate(async () => {
      const canvas = document.createElement('canvas')
      canvas.width = 4000
      canvas.height = 3000
      const ctx = canvas.getContext('2d')!
      for (let y = 0; y < 3000; y += 50)
        for (let x = 0; x < 4000; x += 50) {
          ctx.fillStyle = `hsl(${(x + y) % 360} 60% ${30 + ((x * y) % 40)}%)`
          ctx.fillRect(x, y, 50, 50)
        }
      const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/jpeg', 0.92))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let s = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(s)
    })
    const buffer = Buffer.from(photo, 'base64')
    const times: number[] = []
    const prepared: number[] = []
    const handover: number[] = []
    for (let run = 0; run < RUNS; run++) {
      // Each run on its own idea, made the way the form makes it.
      const id = randomUUID()
      await page.goto(`${appUrl}/nieuw`)
      await page.locator('main h1').first().waitFor()
      const res = await page.evaluate(
        async ({ api, key, idea }) => {
          const stored = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!
          const s = JSON.parse(localStorage.getItem(stored)!)
          const r = await fetch(`${api}/rest/v1/rpc/submit_idea`, {
            method: 'POST',
            headers: {
              apikey: key,
              authorization: `Bearer ${s.access_token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(idea),
          })
          return r.status
        },
        {
          api: stack.info.apiUrl,
          key: stack.info.anonKey,
          idea: {
            id,
            title: `Foto-meting ${run + 1}`,
            body: 'Een meting van hoe snel een foto op de pagina staat.',
            kind: 'idea',
            theme_id: theme,
            neighbourhood_id: hood,
          },
        },
      )
      if (res >= 300) throw new Error(`submit_idea answered ${res}`)
      await page.goto(`${appUrl}/idee/${id}`)
      const input = page.getByTestId('photo-input')
      await input.waitFor()
      // In the page: when the file reaches the input, and when the prepared preview is there
      // (the time Playwright needs to hand the file over is not the resident's).
      await page.evaluate(`(() => {
        const w = window
        document.querySelector('[data-testid="photo-input"]').addEventListener('change', () => {
          w.__chosen = performance.now()
          new MutationObserver((_, o) => {
            if (document.querySelector('.photo-picker__preview')) {
              w.__prepared = performance.now()
              o.disconnect()
            }
          }).observe(document.body, { childList: true, subtree: true })
        }, { once: true })
      })()`)
      const start = performance.now()
      await input.setInputFiles({ name: 'IMG_4000.jpg', mimeType: 'image/jpeg', buffer })
      const description = page.getByLabel(/foto 1/i).first()
      await description.waitFor({ timeout: 60_000 })
      const inPage = (await page.evaluate(
        '({ handover: performance.now() - window.__chosen, prepare: window.__prepared - window.__chosen })',
      )) as { handover: number; prepare: number }
      prepared.push(inPage.prepare)
      handover.push(performance.now() - start - inPage.handover)
      await description.fill('Een bankje in het park')
      await page.getByRole('button', { name: "Foto's versturen" }).click()
      await page.locator('[data-testid="idea-photo"] img').first().waitFor({ timeout: 60_000 })
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="idea-photo"] img') as HTMLImageElement | null)
            ?.complete === true,
      )
      times.push(performance.now() - start)
    }
    console.log(
      `\n12-megapixel photo (4000 x 3000, ${(buffer.length / 1e6).toFixed(1)} MB) to visible on the idea page`,
    )
    console.log(`  runs: ${times.map((t) => fmt(t)).join(', ')}`)
    const resident = times.map((t, i) => t - handover[i])
    console.log(
      `  the resident's time (without Playwright's handover): ${resident.map((t) => fmt(t)).join(', ')}; median ${fmt(median(resident))}`,
    )
    console.log(
      `  of which the browser's resize and re-encode (file chosen to preview shown, in the page): median ${fmt(median(prepared))}`,
    )
    console.log(
      `  and Playwright handing the file to the page (not the resident's time): median ${fmt(median(handover))}`,
    )
    console.log(`  median ${fmt(median(times))} (target 3 s; typing the description included)`)
  }
} finally {
  await browser?.close()
  await server?.close()
  rmSync(outDir, { recursive: true, force: true })
  await stack.stop()
}
