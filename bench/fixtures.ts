// Shared arrangements for the load benchmarks (api, votes, realtime): a private stack in a
// throw-away folder, many residents made by SQL, and JWTs minted with the stack's secret
// (exactly what Auth would sign), so that setting up 500 people takes a second, not minutes.
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import pg from 'pg'
import { tempDataDir } from '../supabase/local/postgres.ts'
import { freePort, startStack, type Stack } from '../supabase/local/stack.ts'

export async function startBenchStack(): Promise<Stack> {
  const dataDir = tempDataDir('emmer-bench-')
  const stack = await startStack({
    dataDir,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: (line) => {
      if (process.env.EMMER_STACK_VERBOSE) console.error(line)
    },
  })
  const stop = stack.stop
  stack.stop = async () => {
    await stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return stack
}

export async function withDb<T>(dbUrl: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: dbUrl })
  await db.connect()
  try {
    return await fn(db)
  } finally {
    await db.end()
  }
}

/** Creates `n` confirmed residents (auth.users rows; the trigger makes their profiles). */
export async function createResidents(
  dbUrl: string,
  n: number,
  prefix = 'bench',
): Promise<string[]> {
  return withDb(dbUrl, async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
              $2 || '-' || g || '-' || substr(md5(random()::text), 1, 6) || '@bench.test', null, now(),
              '{"provider": "email", "providers": ["email"]}'::jsonb,
              jsonb_build_object('display_name', 'Buur ' || g), now(), now()
         from generate_series(1, $1::int) g
       returning id`,
      [n, prefix],
    )
    return rows.map((r) => r.id)
  })
}

/** An access token as Auth signs it (HS256, role authenticated), valid for an hour. */
export async function mintJwt(secret: string, userId: string, expiresIn = '1h'): Promise<string> {
  return new SignJWT({
    role: 'authenticated',
    aud: 'authenticated',
    email: `${userId}@bench.test`,
    aal: 'aal1',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret))
}

export async function firstIds(
  dbUrl: string,
  table: 'themes' | 'neighbourhoods',
): Promise<string[]> {
  return withDb(dbUrl, async (db) =>
    (await db.query<{ id: string }>(`select id from public.${table} order by id`)).rows.map(
      (r) => r.id,
    ),
  )
}

/**
 * The large data set: ~10k ideas, 200k votes, 50k comments. Uses the database engineer's
 * scripts/seed-large.ts (npm run seed:large) with DATABASE_URL pointing at the private stack, and
 * without it the same volumes made here in SQL (triggers off, counters recomputed after).
 */
export async function seedLarge(
  dbUrl: string,
): Promise<{ source: string; ideas: number; votes: number; comments: number }> {
  const script = join(import.meta.dirname, '..', 'scripts', 'seed-large.ts')
  if (existsSync(script)) {
    // Its interface is DATABASE_URL (it runs on import), so it runs as its own process.
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DATABASE_URL: dbUrl },
      encoding: 'utf8',
    })
    if (run.status !== 0)
      throw new Error(`scripts/seed-large.ts failed: ${run.stderr || run.stdout}`)
    return { source: 'scripts/seed-large.ts', ...(await counts(dbUrl)) }
  }
  const users = Number(process.env.BENCH_USERS ?? 2000)
  const ideas = Number(process.env.BENCH_IDEAS ?? 10_000)
  const votesPerIdea = 20
  const commentsPerIdea = 5
  await createResidents(dbUrl, users, 'seed')
  await withDb(dbUrl, async (db) => {
    await db.query('begin')
    // Bulk load without per-row triggers (counters, notifications): recomputed below.
    await db.query(`set local session_replication_role = replica`)
    await db.query(
      `with u as (select array_agg(id order by id) a from public.profiles where display_name like 'Buur %'),
            t as (select array_agg(id) a from public.themes),
            n as (select array_agg(id) a from public.neighbourhoods)
       insert into public.ideas (id, author_id, title, body, kind, theme_id, neighbourhood_id, created_at)
       select gen_random_uuid(), u.a[1 + g % array_length(u.a, 1)],
              'Idee ' || g || ': meer groen en bankjes in de straat',
              'Bewoners willen ' || g || ' dingen: een bankje, meer bomen, een speeltuin en een buurtfeest in de zomer.',
              (array['idea', 'initiative', 'question'])[1 + g % 3]::public.idea_kind,
              t.a[1 + g % array_length(t.a, 1)], n.a[1 + (g * 7) % array_length(n.a, 1)],
              now() - (g || ' minutes')::interval
         from generate_series(1, $1::int) g, u, t, n`,
      [ideas],
    )
    await db.query(
      `with u as (select array_agg(id order by id) a from public.profiles where display_name like 'Buur %'),
            i as (select id, row_number() over (order by id) r from public.ideas)
       insert into public.votes (idea_id, user_id)
       select i.id, u.a[1 + ((i.r * 7 + k * 101) % array_length(u.a, 1))]
         from i, u, generate_series(0, $1::int - 1) k
       on conflict do nothing`,
      [votesPerIdea],
    )
    await db.query(
      `with u as (select array_agg(id order by id) a from public.profiles where display_name like 'Buur %'),
            i as (select id, row_number() over (order by id) r from public.ideas)
       insert into public.comments (idea_id, author_id, body)
       select i.id, u.a[1 + ((i.r * 13 + k * 37) % array_length(u.a, 1))], 'Goed plan, ik help mee! (' || k || ')'
         from i, u, generate_series(1, $1::int) k`,
      [commentsPerIdea],
    )
    await db.query(
      `update public.ideas i set
         vote_count = (select count(*) from public.votes v where v.idea_id = i.id),
         comment_count = (select count(*) from public.comments c where c.idea_id = i.id and c.hidden_at is null)`,
    )
    await db.query('commit')
    await db.query('analyze')
  })
  return { source: 'bench/fixtures.ts (SQL)', ...(await counts(dbUrl)) }
}

async function counts(dbUrl: string) {
  return withDb(dbUrl, async (db) => {
    const { rows } = await db.query<{ ideas: string; votes: string; comments: string }>(
      `select (select count(*) from public.ideas) ideas, (select count(*) from public.votes) votes,
              (select count(*) from public.comments) comments`,
    )
    return {
      ideas: Number(rows[0].ideas),
      votes: Number(rows[0].votes),
      comments: Number(rows[0].comments),
    }
  })
}

/**
 * Waits (at most `timeoutMs`) until the realtime server's replication slot has confirmed all WAL
 * written so far: after a bulk load it would otherwise still be decoding changes in the same
 * process as the gateway while the gateway is being measured.
 */
export async function waitForChangeCapture(dbUrl: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now()
  return withDb(dbUrl, async (db) => {
    const target = (await db.query<{ lsn: string }>('select pg_current_wal_lsn()::text lsn'))
      .rows[0].lsn
    while (performance.now() - t0 < timeoutMs) {
      const { rows } = await db.query<{ behind: boolean | null }>(
        `select bool_or(coalesce(confirmed_flush_lsn < $1::pg_lsn, true)) behind
           from pg_replication_slots where slot_name like 'emmer_realtime_%'`,
        [target],
      )
      if (rows[0].behind === false || rows[0].behind === null) break
      await new Promise((r) => setTimeout(r, 250))
    }
    return performance.now() - t0
  })
}
