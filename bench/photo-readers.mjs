// Worker for bench/photos.ts: `readers` concurrent readers, each fetching thumbnails through
// signed URLs `reads` times, as a list page's images do after its one createSignedUrls. Runs in
// its own thread so the readers' CPU is not counted as the server's (the stack runs on the main
// thread). Plain JavaScript so the worker needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'

const { urls, readers, reads } = workerData
const latencies = []
let errors = 0
/** What went wrong, counted by kind (a status, or the fetch error's cause). */
const kinds = {}
const count = (kind) => (kinds[kind] = (kinds[kind] ?? 0) + 1)
const t0 = performance.now()
await Promise.all(
  Array.from({ length: readers }, async (_, r) => {
    for (let i = 0; i < reads; i++) {
      const start = performance.now()
      try {
        const res = await fetch(urls[(r + i) % urls.length])
        await res.arrayBuffer()
        if (res.status !== 200) {
          errors++
          count(`HTTP ${res.status}`)
        }
      } catch (e) {
        errors++
        count(String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? e))
      }
      latencies.push(performance.now() - start)
    }
  }),
)
parentPort.postMessage({ latencies, errors, kinds, seconds: (performance.now() - t0) / 1000 })
