// npm run bench — every benchmark, one after the other, each printing its own figures.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const benches = ['stack', 'web', 'db', 'api', 'votes', 'agenda', 'realtime', 'photos', 'lighthouse']
for (const name of benches) {
  const file = join(import.meta.dirname, `${name}.ts`)
  if (!existsSync(file)) continue
  console.log(`\n=== bench:${name}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' })
  if (run.status !== 0) console.log(`bench:${name} failed with exit code ${run.status}`)
}
