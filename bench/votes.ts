// npm run bench:votes — 500 residents vote on one idea at the same moment through the API
// (gateway → PostgREST → the vote trigger). Each sends its vote twice at once, so the database
// also has to refuse 500 duplicates. The count must come out exact: ideas.vote_count = count(*).
// Env: BENCH_VOTERS (default 500).
import { cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createResidents, firstIds, mintJwt, startBenchStack, withDb } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const VOTERS = Number(process.env.BENCH_VOTERS ?? 500)

// The burst runs in a worker: the gateway lives in this thread and must not share it with the
// load. Every request is built first, then all are released together.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const { url, apikey, ideaId, tokens, copies } = workerData
const u = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: tokens.length * copies })
function vote(token) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ idea_id: ideaId })
    const t0 = performance.now()
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: {
      apikey, authorization: 'Bearer ' + token, 'content-type': 'application/json', prefer: 'return=minimal', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0, code: text ? (JSON.parse(text).code || '') : '' }))
    })
    req.setTimeout(30000, () => req.destroy(new Error('timeout')))
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, code: e.message }))
    req.end(body)
  })
}
const t0 = performance.now()
Promise.all(tokens.flatMap((t) => Array.from({ length: copies }, () => vote(t)))).then((results) => {
  agent.destroy()
  parentPort.postMessage({ results, seconds: (performance.now() - t0) / 1000 })
})
`

const stack = await startBenchStack()
try {
  const [author, ...voters] = await createResidents(stack.info.dbUrl, VOTERS + 1, 'voter')
  const [theme] = await firstIds(stack.info.dbUrl, 'themes')
  const [hood] = await firstIds(stack.info.dbUrl, 'neighbourhoods')
  const ideaId = await withDb(
    stack.info.dbUrl,
    async (db) =>
      (
        await db.query<{ id: string }>(
          `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id)
         values ($1, 'Een zebrapad bij de school', 'Veel kinderen steken hier over; een zebrapad maakt het veiliger.', $2, $3)
         returning id`,
          [author, theme, hood],
        )
      ).rows[0].id,
  )
  const tokens = await Promise.all(voters.map((id) => mintJwt(stack.info.jwtSecret, id)))
  const { results, seconds } = await new Promise<{
    results: { status: number; ms: number; code: string }[]
    seconds: number
  }>((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        url: `${stack.info.apiUrl}/rest/v1/votes`,
        apikey: stack.info.anonKey,
        ideaId,
        tokens,
        copies: 2,
      },
    })
    worker.once('message', (m) => {
      void worker.terminate()
      resolve(m)
    })
    worker.once('error', reject)
  })
  const byStatus: Record<string, number> = {}
  for (const r of results)
    byStatus[`${r.status}${r.code ? ` ${r.code}` : ''}`] =
      (byStatus[`${r.status}${r.code ? ` ${r.code}` : ''}`] ?? 0) + 1
  const stored = await withDb(stack.info.dbUrl, async (db) => {
    const { rows } = await db.query<{ vote_count: number; counted: string }>(
      `select i.vote_count, (select count(*) from public.votes v where v.idea_id = i.id) counted from public.ideas i where i.id = $1`,
      [ideaId],
    )
    return { voteCount: rows[0].vote_count, counted: Number(rows[0].counted) }
  })
  const created = results.filter((r) => r.status === 201).length
  const ms = results.map((r) => r.ms)
  console.log(
    `bench:votes — ${VOTERS} residents, each sending the same vote twice at once, on ${machine()}, ${cpus().length} cores`,
  )
  console.log(
    `  ${results.length} requests in ${fmt(seconds * 1000)}: ${(results.length / seconds).toFixed(0)} req/s, p50 ${fmt(median(ms))}, p95 ${fmt(percentile(ms, 95))}`,
  )
  console.log(`  answers: ${JSON.stringify(byStatus)}`)
  console.log(
    `  ideas.vote_count = ${stored.voteCount}, count(*) of votes = ${stored.counted}, accepted (201) = ${created}, residents = ${VOTERS}`,
  )
  const exact =
    stored.voteCount === stored.counted && stored.counted === VOTERS && created === VOTERS
  console.log(`  count exact: ${exact ? 'yes' : 'NO'}  [target: yes, ${VOTERS}]`)
  if (!exact) process.exitCode = 1
} finally {
  await stack.stop()
}
