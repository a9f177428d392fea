// Races made deterministic: two database connections, each in an open transaction acting as a
// person through the API role (as PostgREST does), and a way to see that one of them waits for a
// lock the other holds, instead of hoping two requests interleave.
import pg from 'pg'

type Query = <T extends pg.QueryResultRow>(text: string, params?: unknown[]) => Promise<T[]>

/**
 * A connection inside an open transaction, acting as `userId` through the `authenticated` role
 * with a second factor (aal2), so that an admin has their admin powers. Roll back or commit it,
 * then `end()` it.
 */
export async function apiSession(dbUrl: string, userId: string) {
  const client = new pg.Client({ connectionString: dbUrl })
  await client.connect()
  await client.query('begin')
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [
    JSON.stringify({ sub: userId, role: 'authenticated', aal: 'aal2' }),
  ])
  await client.query('set local role authenticated')
  const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows
  return { client, pid }
}

/** Resolves when `pid` waits for a lock, or when `call` has settled (it did not wait). */
export async function waitsOrSettles(
  query: Query,
  pid: number,
  call: Promise<unknown>,
): Promise<'waits' | 'settled'> {
  let settled = false
  void call.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (;;) {
    if (settled) return 'settled'
    const [row] = await query<{ waiting: boolean }>(
      `select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`,
      [pid],
    )
    if (row?.waiting) return 'waits'
    await new Promise((r) => setImmediate(r))
  }
}

/** 'ok', or the error message: what a call came to. */
export const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: { message?: string }) => e.message ?? String(e),
  )
