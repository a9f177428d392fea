// Who may see a change, asked of Postgres: a small pool that installs the `_realtime` functions
// (authorize-sql.ts) on start, reads the table facts a change is shaped with, and checks a batch
// of one table's rows against many distinct sets of claims in one round trip.
import pg from 'pg'
import { inTransaction } from '../db.ts'
import type { Log } from '../types.ts'
import { SETUP_SQL, SETUP_VERSION } from './authorize-sql.ts'

/** Per claims value: false, or its columns (true = all) and the visible row indexes. */
export type BatchVisibility = false | { c: true | string[]; v: number[] | null }

export interface TableInfo {
  rls: boolean
  pk: string[]
  /** column name → pg typname */
  types: Map<string, string>
}

export class Authorizer {
  private pool: pg.Pool

  constructor(dbUrl: string, log: Log) {
    this.pool = new pg.Pool({
      connectionString: dbUrl,
      max: 4,
      application_name: 'emmer_realtime_rls',
    })
    this.pool.on('error', (e) => log(`rls pool: ${e.message}`))
    // Warnings raised by the functions (a transaction that stayed invisible) belong in the log.
    this.pool.on('connect', (client) =>
      client.on('notice', (n) => {
        if (n.severity === 'WARNING') log(`rls check: ${n.message}`)
      }),
    )
  }

  /** Idempotent: safe on every start, and on a database that already has it. */
  async setup(): Promise<void> {
    // Two servers starting at once may race on `create or replace`; serialise them.
    await inTransaction(this.pool, async (client) => {
      await client.query(`select pg_advisory_xact_lock(hashtext('emmer_realtime_setup'))`)
      // DDL wakes PostgREST's schema reload (event trigger): skip it when already in place.
      const { rows } = await client.query<{ v: string | null }>(
        `select obj_description(oid, 'pg_namespace') as v from pg_namespace where nspname = '_realtime'`,
      )
      if (rows[0]?.v !== SETUP_VERSION) {
        await client.query(SETUP_SQL)
        await client.query(`comment on schema _realtime is '${SETUP_VERSION}'`)
      }
    })
  }

  async tableInfo(relid: number): Promise<TableInfo | undefined> {
    const { rows } = await this.pool.query<{
      rls: boolean
      pk: string[]
      columns: Record<string, string>
    }>('select * from _realtime.table_info($1)', [relid])
    const row = rows[0]
    if (!row || row.rls === null) return undefined
    return { rls: row.rls, pk: row.pk, types: new Map(Object.entries(row.columns)) }
  }

  /**
   * One round trip for a batch of rows of one table: per claims value, false (sees nothing) or
   * the columns it may select (true = all) and which of the row versions in `tuples` it may see
   * under RLS (indexes; null when `tuples` is null: no row check). `xids`: the transactions that
   * wrote those versions; the check waits until they are visible.
   */
  async visibleBatch(
    relid: number,
    tuples: Record<string, string | null>[] | null,
    claims: string[],
    xids: number[],
  ): Promise<BatchVisibility[]> {
    const { rows } = await this.pool.query<{ v: BatchVisibility[] }>(
      'select _realtime.visible_batch($1, $2::jsonb, $3::jsonb[], $4::bigint[]) as v',
      [relid, tuples && JSON.stringify(tuples), claims, tuples && xids],
    )
    return rows[0].v
  }

  async end(): Promise<void> {
    await this.pool.end().catch(() => undefined)
  }
}
