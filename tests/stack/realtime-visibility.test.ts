// A change reaches the WAL stream before its transaction is visible to other sessions: Postgres
// flushes the commit record (and wakes the walsender) first and only then takes the transaction
// out of the running set (ProcArrayEndTransaction). An RLS check that runs in that window does
// not find the new row and the change was dropped: on a loaded 2-core machine about one event in
// 80,000 (bench:realtime). Here the window is held open on purpose: with a synchronous standby
// configured that never connects, a commit waits in SyncRep after its WAL is flushed (and
// decoded), still invisible, until we cancel the wait. On a private stack: the standby setting
// would make every other test's writes wait.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  subscribed,
  until,
  privateStackWithTable,
  watchInserts,
  userClient,
  waitFor,
} from './realtime-support.ts'

const own = privateStackWithTable('rt_visible')
const { table, db } = own
const waitEvent = async (pid: number): Promise<unknown> =>
  (await db(`select wait_event from pg_stat_activity where pid = $1`, [pid]))[0]?.wait_event

describe('realtime and transaction visibility', () => {
  it('delivers a change whose commit is in the WAL stream before it is visible', async () => {
    const me = await userClient(own.stack.info)
    const { got, channel } = watchInserts(me.client, table, 'visibility')
    await subscribed(channel)

    const writer = new pg.Client({ connectionString: own.stack.info.dbUrl })
    await writer.connect()
    writer.on('notice', () => undefined)
    try {
      await db(`alter system set synchronous_standby_names = 'emmer_no_such_standby'`)
      await db(`select pg_reload_conf()`)
      const [{ pid }] = (await writer.query('select pg_backend_pid() as pid')).rows
      // The checkpointer applies the setting a moment after the reload: until then a commit
      // does not wait, so write until one does.
      let n = 0
      let pending: Promise<unknown> | undefined
      for (let attempt = 0; attempt < 50 && !pending; attempt++) {
        const insert = writer.query(`insert into public.${table} (owner, n) values ($1, $2)`, [
          me.userId,
          ++n,
        ])
        let finished = false
        void insert.then(() => (finished = true))
        // Until the insert either returns or waits for the standby.
        await until(
          async () => finished || (await waitEvent(pid)) === 'SyncRep',
          'the insert to return or to wait',
        )
        if (!finished) pending = insert
      }
      expect(pending, 'a commit waiting for the synchronous standby').toBeDefined()
      const [waiting] = await db(`select wait_event from pg_stat_activity where pid = $1`, [pid])
      expect(waiting.wait_event).toBe('SyncRep')
      // The change is in the stream and not yet visible: wait until Realtime has read the WAL
      // past it (its replication connection acknowledges what it read).
      const [{ lsn }] = await db(`select pg_catalog.pg_current_wal_flush_lsn()::text as lsn`)
      await until(
        async () =>
          (
            await db(
              `select exists (select 1 from pg_catalog.pg_stat_replication
                 where application_name = 'emmer_realtime' and write_lsn >= $1::pg_lsn) as ok`,
              [lsn],
            )
          )[0].ok === true,
        'Realtime to read the waiting commit',
        // Realtime acknowledges what it read in its periodic status update: under a full CI
        // run's load that took more than the default 10 s once.
        30_000,
      )
      await db(`alter system reset synchronous_standby_names`)
      await db(`select pg_reload_conf()`)
      await db(`select pg_cancel_backend($1)`, [pid])
      await pending
      await waitFor(() => got.includes(n), 10_000, 'the change committed while invisible')
      // Every change, in commit order.
      expect(got).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    } finally {
      await db(`alter system reset synchronous_standby_names`).catch(() => undefined)
      await db(`select pg_reload_conf()`).catch(() => undefined)
      await writer.end().catch(() => undefined)
      await me.client.removeAllChannels()
    }
  }, 60_000)
})
