// Who may read and write broadcast and presence on a private channel, decided as Supabase
// Realtime decides it (Realtime.Tenants.Authorization): by the RLS policies on
// `realtime.messages`, run in a transaction that is always rolled back, with the person's claims,
// their role and `realtime.topic` set as PostgREST would set them.
//  - read: probe rows (one per extension) are inserted by the server's own role, then a select by
//    the person's role returns the probes its SELECT policies let it see;
//  - write: an insert by the person's role, per extension in a savepoint; a refusal by RLS
//    (insufficient_privilege) means no.
// Any other error (a broken policy) denies, as Supabase treats an RLS error as unauthorised.
// Reads are checked many at a time in Postgres (policies-sql.ts); writes (first send or track of a
// channel) one by one here.
import pg from 'pg'
import type { Log } from '../types.ts'
import type { Policies } from './channels.ts'
import type { Claims } from './jwt.ts'

export type Extension = 'broadcast' | 'presence'

const INSUFFICIENT_PRIVILEGE = '42501'
/** Most read checks in one call, and calls at once (the pool has 4 connections). */
const MAX_BATCH = 200
const MAX_BATCHES_IN_FLIGHT = 2

interface ReadRequest {
  claims: Claims
  topic: string
  extensions: Extension[]
  resolve: (result: Map<Extension, boolean>) => void
}

export class MessagePolicies {
  private pool: pg.Pool

  constructor(
    dbUrl: string,
    private readonly log: Log,
  ) {
    this.pool = new pg.Pool({
      connectionString: dbUrl,
      max: 4,
      application_name: 'emmer_realtime_policies',
    })
    this.pool.on('error', (e) => log(`policy pool: ${e.message}`))
  }

  async end(): Promise<void> {
    await this.pool.end()
  }

  /**
   * Which of `extensions` the claims may read on `topic` (the channel name, without `realtime:`).
   * Checks wait in a queue and go to Postgres together (_realtime.read_policies, policies-sql.ts):
   * a thousand joins at once cost a few round trips, not five each.
   */
  read(claims: Claims, topic: string, extensions: Extension[]): Promise<Map<Extension, boolean>> {
    return new Promise((resolve) => {
      this.queue.push({ claims, topic, extensions, resolve })
      this.pump()
    })
  }

  private queue: ReadRequest[] = []
  private inFlight = 0

  private pump() {
    while (this.inFlight < MAX_BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH)
      this.inFlight++
      void this.readBatch(batch).finally(() => {
        this.inFlight--
        this.pump()
      })
    }
  }

  private async readBatch(batch: ReadRequest[]) {
    let answers: Record<string, boolean>[] = []
    try {
      const { rows } = await this.pool.query<{ r: Record<string, boolean>[] }>(
        'select _realtime.read_policies($1::jsonb) as r',
        [
          JSON.stringify(
            batch.map(({ claims, topic, extensions }) => ({ claims, topic, ext: extensions })),
          ),
        ],
      )
      answers = rows[0].r
    } catch (e) {
      // A check that cannot run denies; the server log says why.
      this.log(`realtime: policy checks failed: ${(e as Error).message}`)
    }
    batch.forEach(({ extensions, resolve }, i) => {
      const seen = answers[i] ?? {}
      resolve(new Map(extensions.map((e) => [e, seen[e] === true])))
    })
  }

  /** Which of `extensions` the claims may write on `topic`. */
  async write(
    claims: Claims,
    topic: string,
    extensions: Extension[],
  ): Promise<Map<Extension, boolean>> {
    const result = new Map<Extension, boolean>()
    const ok = await this.inRolledBack(async (client) => {
      // Only roles the API may act as, as for reads (policies-sql.ts).
      const { rows } = await client.query<{ ok: boolean }>(
        `select exists (select from pg_catalog.pg_roles where rolname = $1)
                and pg_catalog.pg_has_role('authenticator', $1, 'MEMBER') as ok`,
        [claims.role],
      )
      if (!rows[0].ok) throw new Error(`role ${claims.role} is not one the API may act as`)
      await setClaims(client, claims, topic)
      for (const extension of extensions) {
        await client.query('savepoint probe')
        try {
          await client.query('insert into realtime.messages (topic, extension) values ($1, $2)', [
            topic,
            extension,
          ])
          result.set(extension, true)
        } catch (e) {
          if ((e as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw e
        }
        await client.query('rollback to savepoint probe')
        if (!result.has(extension)) result.set(extension, false)
      }
    }, topic)
    return ok ? result : new Map(extensions.map((e) => [e, false]))
  }

  /** Both reads for a join: broadcast always, presence when the channel has it enabled. */
  async forJoin(claims: Claims, topic: string, presence: boolean): Promise<Policies> {
    const read = await this.read(
      claims,
      topic,
      presence ? ['broadcast', 'presence'] : ['broadcast'],
    )
    return {
      broadcast: { read: read.get('broadcast') === true },
      presence: { read: presence ? read.get('presence') === true : undefined },
    }
  }

  /** Runs fn in a transaction that is rolled back; false when anything in it failed. */
  private async inRolledBack(
    fn: (client: pg.PoolClient) => Promise<void>,
    topic: string,
  ): Promise<boolean> {
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query('begin')
      try {
        await fn(client)
      } finally {
        await client.query('rollback').catch((e: Error) => {
          broken = true
          throw e
        })
      }
      return true
    } catch (e) {
      // A policy that fails denies; the server log says why.
      this.log(`realtime: policy check on ${topic} failed: ${(e as Error).message}`)
      return false
    } finally {
      client.release(broken)
    }
  }
}

/** As Supabase sets them for the check: role, topic, claims, sub, role claim, headers. */
async function setClaims(client: pg.PoolClient, claims: Claims, topic: string) {
  await client.query(
    `select set_config('role', $1, true), set_config('realtime.topic', $2, true),
            set_config('request.jwt.claims', $3, true), set_config('request.jwt.claim.sub', $4, true),
            set_config('request.jwt.claim.role', $1, true), set_config('request.headers', '{}', true)`,
    [claims.role, topic, JSON.stringify(claims), claims.sub ?? ''],
  )
}
