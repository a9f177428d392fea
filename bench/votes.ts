// npm run bench:votes — 500 residents vote on one idea at the same moment through the API
// (gateway → PostgREST → the vote trigger). Each sends its vote twice at once, so the database
// also has to refuse 500 duplicates. The count must come out exact: ideas.vote_count = count(*).
// Env: BENCH_VOTERS (default 500).
import { cpus } from 'node:os'
import { createResidents, firstIds, mintJwt, startBenchStack, withDb } from './fixtures.ts'
import { burst, countAnswers } from './burst.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const VOTERS = Number(process.env.BENCH_VOTERS ?? 500)

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
  // Each resident sends the same vote twice at once.
  const { results, seconds } = await burst(
    `${stack.info.apiUrl}/rest/v1/votes`,
    stack.info.anonKey,
    tokens.flatMap((token) => [0, 1].map(() => ({ token, body: { idea_id: ideaId } }))),
  )
  const byStatus = countAnswers(results)
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
