// The whole stack stops and starts again on the same data folder (as `npm run dev` does every
// morning): everything people made is still there, sessions still work, and nothing is seeded or
// migrated twice. Also after a crash: Postgres killed with SIGKILL, then a full stop and start.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../supabase/local/postgres.ts'
import { freePort, startStack, type Stack } from '../../supabase/local/stack.ts'

const dataDir = tempDataDir('emmer-kept-')
let stack: Stack | undefined

async function start(): Promise<Stack> {
  stack = await startStack({
    dataDir,
    ports: { api: await freePort(), db: await freePort(), mailbox: await freePort() },
    log: (line) => {
      if (process.env.EMMER_STACK_VERBOSE) console.error(line)
    },
  })
  return stack
}

function client(s: Stack): SupabaseClient {
  return createClient(s.info.apiUrl, s.info.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
}

async function query<T extends pg.QueryResultRow>(
  s: Stack,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const db = new pg.Client({ connectionString: s.info.dbUrl })
  await db.connect()
  try {
    return (await db.query<T>(text, params)).rows
  } finally {
    await db.end()
  }
}

const snapshot = (s: Stack) =>
  query(
    s,
    `select (select count(*) from public.ideas)::int ideas, (select count(*) from public.votes)::int votes,
            (select count(*) from public.comments)::int comments, (select count(*) from auth.users)::int users,
            (select count(*) from supabase_migrations.schema_migrations)::int migrations,
            (select md5(string_agg(id::text || title || vote_count || comment_count, ',' order by id)) from public.ideas) ideas_hash`,
  )

afterAll(async () => {
  await stack?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the whole stack on a kept data folder', () => {
  const email = `kept-${randomUUID().slice(0, 8)}@example.test`
  const password = 'correct-horse-battery'
  const ideaId = randomUUID()
  let refreshToken = ''
  let before: unknown[] = []

  it('keeps everything people made across a full stop and start', async () => {
    let s = await start()
    const resident = client(s)
    const { data, error } = await resident.auth.signUp({ email, password })
    expect(error).toBeNull()
    refreshToken = data.session!.refresh_token
    const [theme] = await query<{ id: string }>(s, 'select id from public.themes limit 1')
    const [hood] = await query<{ id: string }>(s, 'select id from public.neighbourhoods limit 1')
    const submit = await resident.rpc('submit_idea', {
      id: ideaId,
      title: 'Een moestuin op het pleintje',
      body: 'Samen groente kweken op het lege pleintje achter de school, met de buren.',
      kind: 'idea',
      theme_id: theme.id,
      neighbourhood_id: hood.id,
    })
    expect(submit.error).toBeNull()
    expect((await resident.from('votes').insert({ idea_id: ideaId })).error).toBeNull()
    expect(
      (await resident.from('comments').insert({ idea_id: ideaId, body: 'Ik doe mee!' })).error,
    ).toBeNull()
    before = await snapshot(s)

    await s.stop()
    stack = undefined
    s = await start()
    expect(s.created).toBeFalsy()
    expect(s.migration.applied).toEqual([])
    expect(s.migration.seeded).toBe(false)
    expect(await snapshot(s)).toEqual(before)

    // The same person signs in again with the password, and the idea reads as before.
    const again = client(s)
    expect((await again.auth.signInWithPassword({ email, password })).error).toBeNull()
    const { data: idea } = await again
      .from('ideas')
      .select('title, vote_count, comment_count')
      .eq('id', ideaId)
      .single()
    expect(idea).toEqual({ title: 'Een moestuin op het pleintje', vote_count: 1, comment_count: 1 })
    // A refresh token from before the restart still renews the session.
    const refreshed = await client(s).auth.refreshSession({ refresh_token: refreshToken })
    expect(refreshed.error).toBeNull()
    expect(refreshed.data.user?.email).toBe(email)
  })

  it('recovers after Postgres was killed mid-session and the stack restarted', async () => {
    let s = stack!
    const resident = client(s)
    expect((await resident.auth.signInWithPassword({ email, password })).error).toBeNull()
    await s.restartPostgres({ downMs: 200 })
    // The first calls after the crash may fail while pools reconnect; within a few seconds they work.
    let ok = false
    for (let i = 0; i < 40 && !ok; i++) {
      ok =
        (await resident.from('comments').insert({ idea_id: ideaId, body: `Na de crash ${i}` }))
          .error === null
      if (!ok) await new Promise((r) => setTimeout(r, 250))
    }
    expect(ok).toBe(true)
    const crashed = await snapshot(s)
    await s.stop()
    stack = undefined
    s = await start()
    expect(await snapshot(s)).toEqual(crashed)
    expect((crashed[0] as { comments: number }).comments).toBe(
      (before[0] as { comments: number }).comments + 1,
    )
  })
})
