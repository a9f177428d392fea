// A bounded HTTP load loop that runs in a worker thread, so that the load generator never shares
// an event loop with the gateway it measures (the stack runs in the main thread).
import { Worker } from 'node:worker_threads'

export interface LoadSpec {
  /** Base URL, e.g. http://127.0.0.1:54321/rest/v1 */
  base: string
  headers: Record<string, string>
  /** Paths (with query) appended to base; each request picks the next one round-robin per reader. */
  paths: string[]
  concurrency: number
  seconds: number
  /** Hard cap on requests, so the loop always ends. */
  maxRequests: number
}

export interface LoadResult {
  requests: number
  errors: number
  statuses: Record<string, number>
  seconds: number
  latencies: number[]
}

// Plain JavaScript: a worker started with `eval` does not go through tsx.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const spec = workerData
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency })
const base = new URL(spec.base)
const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname
const latencies = []
const statuses = {}
let requests = 0, errors = 0, next = 0
const deadline = performance.now() + spec.seconds * 1000
function once(path) {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const req = http.request({ host: base.hostname, port: base.port, path: prefix + path, headers: spec.headers, agent }, (res) => {
      res.resume()
      res.on('end', () => {
        latencies.push(performance.now() - t0)
        statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1
        if (res.statusCode >= 400) errors++
        resolve()
      })
    })
    req.setTimeout(10000, () => req.destroy(new Error('timeout')))
    req.on('error', () => { errors++; statuses.network = (statuses.network || 0) + 1; resolve() })
    req.end()
  })
}
async function reader() {
  while (performance.now() < deadline && requests < spec.maxRequests) {
    requests++
    await once(spec.paths[next++ % spec.paths.length])
  }
}
const t0 = performance.now()
Promise.all(Array.from({ length: spec.concurrency }, reader)).then(() => {
  agent.destroy()
  parentPort.postMessage({ requests, errors, statuses, seconds: (performance.now() - t0) / 1000, latencies })
})
`

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: spec })
    worker.once('message', (m: LoadResult) => {
      void worker.terminate()
      resolve(m)
    })
    worker.once('error', reject)
  })
}
