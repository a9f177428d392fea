// npx tsx bench/gateway-cpu.ts — the gateway's own cost: main-thread CPU per request proxied to
// PostgREST (the gateway runs on the main thread with the stack; the load runs in a worker thread,
// whose CPU is not counted; Linux only, read from /proc). bench:api's gateway/PostgREST ratio moves
// by ±0.1 between runs on a shared machine, too much to show a change of the gateway itself;
// this figure depends much less on it (still compare old and new alternately). Small data set (the demo seed), 100 readers.
import { readFileSync } from 'node:fs'
import { startBenchStack } from './fixtures.ts'
import { runLoad } from './load.ts'
const stack = await startBenchStack()
const mainCpuMs = () => {
  const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100
}
try {
  const paths = [
    '/themes?select=*',
    '/neighbourhoods?select=*&order=name.asc',
    '/ideas?select=id,title&limit=20',
  ]
  const t = {
    base: `${stack.info.apiUrl}/rest/v1`,
    headers: { apikey: stack.info.anonKey, accept: 'application/json' },
    paths,
  }
  await runLoad({ ...t, concurrency: 20, seconds: 2, maxRequests: 2000 })
  const out: number[] = []
  for (let i = 0; i < 5; i++) {
    const c0 = mainCpuMs()
    const r = await runLoad({ ...t, concurrency: 100, seconds: 4, maxRequests: 1e6 })
    const c1 = mainCpuMs()
    out.push(((c1 - c0) * 1000) / r.requests)
    console.log(
      `round ${i}: ${r.requests} requests, ${(r.requests / r.seconds).toFixed(0)} req/s, main-thread CPU ${(((c1 - c0) * 1000) / r.requests).toFixed(0)} µs/request, errors ${r.errors}`,
    )
  }
  out.sort((a, b) => a - b)
  console.log(`median main-thread CPU per request: ${out[2].toFixed(0)} µs`)
} finally {
  await stack.stop()
}
