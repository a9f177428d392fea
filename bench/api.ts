// npm run bench:api — 200 concurrent readers of the home list and idea pages, on the large data
// set, through the gateway and then straight at PostgREST: throughput, p50/p95, errors, and the
// gateway's throughput as a ratio of PostgREST's. The stack is private and thrown away after.
// Env: BENCH_SECONDS (per target and round, default 30), BENCH_CONCURRENCY (200).
import { cpus } from 'node:os'
import { IDEA_SUMMARY } from '../src/api/columns.ts'
import { seedLarge, startBenchStack, waitForChangeCapture, withDb } from './fixtures.ts'
import { runLoad, type LoadResult } from './load.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200)
const SUMMARY = IDEA_SUMMARY.replaceAll(' ', '')

const stack = await startBenchStack()
try {
  const t0 = performance.now()
  const seeded = await seedLarge(stack.info.dbUrl)
  console.log(
    `seeded ${seeded.ideas} ideas, ${seeded.votes} votes, ${seeded.comments} comments from ${seeded.source} in ${fmt(performance.now() - t0)}`,
  )
  console.log(
    `realtime caught up with the bulk load in ${fmt(await waitForChangeCapture(stack.info.dbUrl))}`,
  )
  const ids = await withDb(stack.info.dbUrl, async (db) =>
    (
      await db.query<{ id: string }>('select id from public.ideas order by random() limit 500')
    ).rows.map((r) => r.id),
  )
  // What the app asks for (src/api/ideas.ts): the home list (the idea_cards view, newest first,
  // pages of 20, sometimes by votes) and an idea page (the idea, its comments and its trail).
  const paths: string[] = []
  for (const [i, id] of ids.entries()) {
    const offset = (i % 5) * 20
    paths.push(`/idea_cards?order=created_at.desc,id.asc&offset=${offset}&limit=21`)
    // merged_into_id is not readable; the app asks merge_target() for merged ideas only.
    paths.push(`/ideas?select=${SUMMARY},lat,lng,hidden_at,hidden_reason,channel&id=eq.${id}`)
    paths.push(
      `/comments?select=id,idea_id,author_id,parent_id,body,created_at&idea_id=eq.${id}&order=created_at.asc`,
    )
    if (i % 4 === 0)
      paths.push(`/idea_cards?order=vote_count.desc,created_at.desc,id.asc&offset=0&limit=21`)
    paths.push(
      `/idea_updates?select=id,status,message,created_at&idea_id=eq.${id}&order=created_at.asc`,
    )
  }
  const { anonKey } = stack.info
  const targets = {
    gateway: {
      base: `${stack.info.apiUrl}/rest/v1`,
      headers: { apikey: anonKey, accept: 'application/json' },
    },
    postgrest: {
      base: stack.info.postgrestUrl,
      headers: { authorization: `Bearer ${anonKey}`, accept: 'application/json' },
    },
  }
  // Warm both paths (connections, PostgREST's schema cache, Postgres' buffers) before measuring.
  for (const t of Object.values(targets)) {
    await runLoad({ ...t, paths, concurrency: 20, seconds: 2, maxRequests: 2000 })
  }
  // Two alternating rounds each, so that noise from the shared machine hits both sides alike.
  const results: Record<keyof typeof targets, LoadResult[]> = { gateway: [], postgrest: [] }
  for (let round = 0; round < 2; round++) {
    for (const name of ['postgrest', 'gateway'] as const) {
      results[name].push(
        await runLoad({
          ...targets[name],
          paths,
          concurrency: CONCURRENCY,
          seconds: SECONDS / 2,
          maxRequests: 2_000_000,
        }),
      )
    }
  }
  const summary = (list: LoadResult[]) => {
    const latencies = list.flatMap((r) => r.latencies)
    const requests = list.reduce((s, r) => s + r.requests, 0)
    const seconds = list.reduce((s, r) => s + r.seconds, 0)
    const statuses: Record<string, number> = {}
    for (const r of list)
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v
    return {
      rps: requests / seconds,
      requests,
      errors: list.reduce((s, r) => s + r.errors, 0),
      p50: median(latencies),
      p95: percentile(latencies, 95),
      statuses,
    }
  }
  const gw = summary(results.gateway)
  const pr = summary(results.postgrest)
  console.log(
    `bench:api — ${CONCURRENCY} concurrent readers, ${SECONDS} s per target, on ${machine()}, ${cpus().length} cores`,
  )
  for (const [name, s] of [
    ['gateway  ', gw],
    ['postgrest', pr],
  ] as const) {
    console.log(
      `  ${name}: ${s.rps.toFixed(0)} req/s, ${s.requests} requests, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, errors ${s.errors}  ${JSON.stringify(s.statuses)}`,
    )
  }
  console.log(`  errors through the gateway: ${gw.errors}  [target 0]`)
  console.log(
    `  gateway/postgrest throughput ratio: ${(gw.rps / pr.rps).toFixed(2)}  [target >= 0.80]`,
  )
} finally {
  await stack.stop()
}
