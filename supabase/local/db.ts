// One transaction, written once: begin, the work, commit; rollback on any error; the connection
// always goes back to the pool. Used by Auth and Realtime alike.
import type pg from 'pg'

export async function inTransaction<T>(
  db: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.connect()
  try {
    await client.query('begin')
    const out = await work(client)
    await client.query('commit')
    return out
  } catch (e) {
    await client.query('rollback').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}
