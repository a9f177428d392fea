// A burst of API requests released together from a worker thread: the local stack's gateway runs
// in the bench's own thread and must not share it with the load. Every request is built first,
// then all are sent at once; each answer comes back with its status, time and error code.
import { Worker } from 'node:worker_threads'

export interface BurstRequest {
  token: string
  body: unknown
}
export interface BurstResult {
  status: number
  ms: number
  code: string
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const { url, apikey, requests } = workerData
const u = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: requests.length })
function send({ token, body }) {
  return new Promise((resolve) => {
    const text = JSON.stringify(body)
    const t0 = performance.now()
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: {
      apikey, authorization: 'Bearer ' + token, 'content-type': 'application/json', prefer: 'return=minimal', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let out = ''
      res.on('data', (c) => (out += c))
      res.on('end', () => {
        let code = ''
        try { code = out ? (JSON.parse(out).code || '') : '' } catch {}
        resolve({ status: res.statusCode, ms: performance.now() - t0, code })
      })
    })
    req.setTimeout(30000, () => req.destroy(new Error('timeout')))
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, code: e.message }))
    req.end(text)
  })
}
const t0 = performance.now()
Promise.all(requests.map(send)).then((results) => {
  agent.destroy()
  parentPort.postMessage({ results, seconds: (performance.now() - t0) / 1000 })
})
`

/** POSTs every request to `url` at once; resolves with the answers in request order. */
export function burst(
  url: string,
  apikey: string,
  requests: BurstRequest[],
): Promise<{ results: BurstResult[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { url, apikey, requests } })
    worker.once('message', (m) => {
      void worker.terminate()
      resolve(m)
    })
    worker.once('error', reject)
  })
}

/** "201" or "409 23505" and how often each came back. */
export function countAnswers(results: BurstResult[]): Record<string, number> {
  const byStatus: Record<string, number> = {}
  for (const r of results) {
    const key = `${r.status}${r.code ? ` ${r.code}` : ''}`
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }
  return byStatus
}
