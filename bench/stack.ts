// npm run bench:stack — cold start (fresh data folder: initdb, bootstrap, migrations, seed) and
// warm start (existing data) of the whole local stack, to "ready to serve the API".
import { rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { tempDataDir } from '../supabase/local/postgres.ts'
import { freePort, startStack } from '../supabase/local/stack.ts'
import { fmt, machine, median } from './lib.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)

async function once(dataDir: string): Promise<{ total: number; timings: Record<string, number> }> {
  const t0 = performance.now()
  const stack = await startStack({
    dataDir,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: () => {},
  })
  const res = await fetch(`${stack.info.apiUrl}/rest/v1/`, {
    headers: { apikey: stack.info.anonKey },
  })
  if (res.status !== 200) throw new Error(`API answered ${res.status}`)
  const total = performance.now() - t0
  await stack.stop()
  return { total, timings: stack.timings }
}

const cold: number[] = []
const warm: number[] = []
let lastCold: Record<string, number> = {}
for (let i = 0; i < RUNS; i++) {
  const dir = tempDataDir('emmer-bench-')
  try {
    const c = await once(dir)
    cold.push(c.total)
    lastCold = c.timings
    warm.push((await once(dir)).total)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`bench:stack — ${RUNS} runs on ${machine()}, ${cpus().length} cores`)
console.log(`  cold start (fresh data folder): median ${fmt(median(cold))}  [target < 5000 ms]`)
console.log(`  warm start (existing data):     median ${fmt(median(warm))}  [target < 2000 ms]`)
console.log(`  cold/warm ratio: ${(median(cold) / median(warm)).toFixed(2)}`)
console.log(`  last cold start, ms since start: ${JSON.stringify(lastCold)}`)
