// npm run bench:agenda — 300 people press "Ik kom" at the same moment for an event with 20 places
// (gateway → PostgREST → join_event(), which takes the event's row lock). Exactly 20 must attend
// and the other 280 wait, in the order their sign-ups committed, with no errors.
// Env: BENCH_PEOPLE (default 300), BENCH_PLACES (default 20).
import { cpus } from 'node:os'
import { burst, countAnswers } from './burst.ts'
import { createResidents, firstIds, mintJwt, startBenchStack, withDb } from './fixtures.ts'
import { fmt, machine, median, percentile } from './lib.ts'

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300)
const PLACES = Number(process.env.BENCH_PLACES ?? 20)

const stack = await startBenchStack()
try {
  const [organiser, ...people] = await createResidents(stack.info.dbUrl, PEOPLE + 1, 'guest')
  const [hood] = await firstIds(stack.info.dbUrl, 'neighbourhoods')
  const eventId = await withDb(
    stack.info.dbUrl,
    async (db) =>
      (
        await db.query<{ id: string }>(
          `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, capacity, organiser_id)
           values ('Koffie in het buurthuis', 'We drinken koffie en vertellen elkaar wat we in de buurt doen.',
                   now() + interval '7 days', now() + interval '7 days 2 hours', 'Buurthuis', $1, $2, $3)
           returning id`,
          [hood, PLACES, organiser],
        )
      ).rows[0].id,
  )
  const tokens = await Promise.all(people.map((id) => mintJwt(stack.info.jwtSecret, id)))
  const { results, seconds } = await burst(
    `${stack.info.apiUrl}/rest/v1/rpc/join_event`,
    stack.info.anonKey,
    tokens.map((token) => ({ token, body: { event_id: eventId } })),
  )
  const stored = await withDb(stack.info.dbUrl, async (db) => {
    const { rows } = await db.query<{ status: string; attending: number; waiting: number }>(
      `select string_agg(left(s.status::text, 1), '' order by s.queued_at) as status,
              (select attending_count from public.events where id = $1) as attending,
              (select waiting_count from public.events where id = $1) as waiting
         from public.event_signups s where s.event_id = $1`,
      [eventId],
    )
    return rows[0]
  })
  const ms = results.map((r) => r.ms)
  const errors = results.filter((r) => r.status !== 200).length
  console.log(
    `bench:agenda — ${PEOPLE} people press "Ik kom" at once for ${PLACES} places, on ${machine()}, ${cpus().length} cores`,
  )
  console.log(
    `  ${results.length} requests in ${fmt(seconds * 1000)}: ${(results.length / seconds).toFixed(0)} req/s, p50 ${fmt(median(ms))}, p95 ${fmt(percentile(ms, 95))}`,
  )
  console.log(`  answers: ${JSON.stringify(countAnswers(results))}`)
  const expected = 'a'.repeat(Math.min(PLACES, PEOPLE)) + 'w'.repeat(Math.max(0, PEOPLE - PLACES))
  const inOrder = stored.status === expected
  console.log(
    `  attending ${stored.attending}, waiting ${stored.waiting}, errors ${errors}; places in commit order: ${inOrder ? 'yes' : 'NO'}  [target: ${PLACES} attending, ${PEOPLE - PLACES} waiting, 0 errors, yes]`,
  )
  if (!inOrder || errors > 0 || stored.attending !== PLACES) process.exitCode = 1
} finally {
  await stack.stop()
}
