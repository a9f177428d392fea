// Realtime postgres_changes through supabase-js against the real stack: WAL capture, RLS per
// subscriber, filters, ordering, and refusal of bad tokens at join.
import {
  createClient,
  type RealtimePostgresChangesPayload,
  type SupabaseClient,
} from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'
import {
  mintToken,
  realtimeClient,
  statusLog,
  subscribed,
  uniqueName,
  userClient,
  waitFor,
  type Target,
} from './realtime-support.ts'

type Row = { id: number; owner: string; body: string; n: number; is_public: boolean }
type Change = RealtimePostgresChangesPayload<Row>

const table = uniqueName('rt_notes')
const clients: SupabaseClient[] = []
let target: Target

beforeAll(async () => {
  target = stackInfo()
  await sql(`
    create table public.${table} (
      id bigint generated always as identity primary key,
      owner uuid not null,
      body text not null default '',
      n int not null default 0,
      is_public boolean not null default false
    );
    alter table public.${table} enable row level security;
    alter table public.${table} replica identity full;
    create policy ${table}_select_owner_or_public on public.${table}
      for select to anon, authenticated using (owner = (select auth.uid()) or is_public);
    grant select on public.${table} to anon, authenticated;
    alter publication supabase_realtime add table public.${table};
  `)
})

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  await sql(
    `alter publication supabase_realtime drop table public.${table}; drop table public.${table};`,
  )
})

async function listen(client: SupabaseClient, filter?: string, event: '*' | 'INSERT' = '*') {
  clients.push(client)
  const got: Change[] = []
  const channel = client
    .channel(uniqueName('changes'))
    .on(
      'postgres_changes',
      { event: event as '*', schema: 'public', table, ...(filter ? { filter } : {}) },
      (p) => got.push(p as Change),
    )
  await subscribed(channel)
  return got
}

describe('postgres_changes', () => {
  it('delivers INSERT, UPDATE and DELETE in order to the owner, hides them from others', async () => {
    const owner = await userClient(target)
    const other = await userClient(target)
    const ownerGot = await listen(owner.client)
    const otherGot = await listen(other.client)
    const anonGot = await listen(await realtimeClient(target))

    const [{ id }] = await sql<{ id: string }>(
      `insert into public.${table} (owner, body, n) values ($1, 'private', 1) returning id`,
      [owner.userId],
    )
    await waitFor(() => ownerGot.length === 1, 10_000, 'the INSERT')
    await sql(`update public.${table} set body = 'edited' where id = $1`, [id])
    await waitFor(() => ownerGot.length === 2, 10_000, 'the UPDATE')
    await sql(`delete from public.${table} where id = $1`, [id])
    await waitFor(() => ownerGot.length === 3, 10_000, 'the DELETE')

    const [ins, upd, del] = ownerGot
    expect(ins).toMatchObject({
      eventType: 'INSERT',
      schema: 'public',
      table,
      new: { id: Number(id), owner: owner.userId, body: 'private', n: 1, is_public: false },
      old: {},
      errors: null,
    })
    expect(ins.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(upd).toMatchObject({ eventType: 'UPDATE', new: { body: 'edited' } })
    // Under RLS an UPDATE's old record is only the primary key, as Supabase documents.
    expect(upd.old).toEqual({ id: Number(id) })
    // A deleted row cannot be checked against RLS: Supabase sends only its primary key.
    expect(del.eventType).toBe('DELETE')
    expect(del.old).toEqual({ id: Number(id) })

    // A public row after the private ones: once it arrives, anything earlier would have too.
    await sql(
      `insert into public.${table} (owner, body, is_public) values ($1, 'sentinel', true)`,
      [owner.userId],
    )
    await waitFor(
      () => otherGot.some((c) => c.eventType === 'INSERT'),
      10_000,
      'the sentinel for the other user',
    )
    await waitFor(
      () => anonGot.some((c) => c.eventType === 'INSERT'),
      10_000,
      'the sentinel for anon',
    )
    for (const got of [otherGot, anonGot]) {
      // Nothing of the private row but the delete's primary key.
      expect(got.map((c) => c.eventType)).toEqual(['DELETE', 'INSERT'])
      expect(got[0].old).toEqual({ id: Number(id) })
      expect((got[1].new as Row).body).toBe('sentinel')
    }
  })

  it('applies an eq filter, and other operators', async () => {
    const me = await userClient(target)
    const eq = await listen(me.client, 'n=eq.2')
    const gt = await listen(me.client, 'n=gt.2')
    const inList = await listen(me.client, 'n=in.(1,3)')
    const neq = await listen(me.client, 'body=neq.skip')
    for (const n of [1, 2, 3]) {
      await sql(`insert into public.${table} (owner, n, body) values ($1, $2, $3)`, [
        me.userId,
        n,
        n === 3 ? 'skip' : 'keep',
      ])
    }
    await waitFor(() => inList.length === 2, 10_000, 'the in-filtered rows')
    await waitFor(
      () => neq.length === 2 && gt.length === 1 && eq.length === 1,
      10_000,
      'the other filters',
    )
    expect(eq.map((c) => (c.new as Row).n)).toEqual([2])
    expect(gt.map((c) => (c.new as Row).n)).toEqual([3])
    expect(inList.map((c) => (c.new as Row).n)).toEqual([1, 3])
    expect(neq.map((c) => (c.new as Row).n)).toEqual([1, 2])
  })

  it('reports a bad filter in a system message', async () => {
    const client = await realtimeClient(target)
    clients.push(client)
    const system: Record<string, unknown>[] = []
    const channel = client
      .channel(uniqueName('badfilter'))
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table, filter: 'n=between.1' },
        () => undefined,
      )
      .on('system', {}, (p) => system.push(p))
    await subscribed(channel)
    await waitFor(() => system.length > 0, 5000, 'the system message')
    expect(system[0]).toMatchObject({ extension: 'postgres_changes', status: 'error' })
    expect(String(system[0].message)).toContain('Error parsing `filter` params')
  })

  it('with postgres_changes_options.wait, refuses the join on a bad filter and holds a good one', async () => {
    const me = await userClient(target)
    clients.push(me.client)
    const wait = { config: { postgres_changes_options: { wait: true } } }
    const bad = me.client
      .channel(uniqueName('waitbad'), wait)
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table, filter: 'n=between.1' },
        () => {},
      )
    await expect(subscribed(bad)).rejects.toThrow(/Error parsing `filter` params/)
    await me.client.removeChannel(bad)

    const got: Change[] = []
    const good = me.client
      .channel(uniqueName('waitgood'), wait)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table }, (p) =>
        got.push(p as Change),
      )
    await subscribed(good)
    await sql(`insert into public.${table} (owner, n) values ($1, 77)`, [me.userId])
    await waitFor(() => got.length === 1, 10_000, 'the insert after a waited join')
    expect((got[0].new as Row).n).toBe(77)
  })

  it('delivers a burst of 1,000 inserts complete and in order', async () => {
    const me = await userClient(target)
    const got = await listen(me.client, undefined, 'INSERT')
    // One connection, queued in order: 1,000 separate transactions as fast as it goes.
    const db = new pg.Pool({ connectionString: stackInfo().dbUrl, max: 1 })
    try {
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          db.query(`insert into public.${table} (owner, n, body) values ($1, $2, 'burst')`, [
            me.userId,
            i + 1,
          ]),
        ),
      )
    } finally {
      await db.end()
    }
    await waitFor(() => got.length >= 1000, 30_000, '1,000 inserts')
    expect(got.map((c) => (c.new as Row).n)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
  }, 60_000)

  it('follows table grants when the table has no RLS', async () => {
    const open = uniqueName('rt_open')
    await sql(`
      create table public.${open} (id int primary key, body text);
      revoke all on public.${open} from anon;
      grant select on public.${open} to authenticated;
      alter publication supabase_realtime add table public.${open};
    `)
    try {
      const anon = await realtimeClient(target)
      const user = await userClient(target)
      clients.push(anon, user.client)
      const anonGot: unknown[] = []
      const userGot: Change[] = []
      await subscribed(
        anon
          .channel(uniqueName('open'))
          .on('postgres_changes', { event: '*', schema: 'public', table: open }, (p) =>
            anonGot.push(p),
          ),
      )
      await subscribed(
        user.client
          .channel(uniqueName('open'))
          .on('postgres_changes', { event: '*', schema: 'public', table: open }, (p) =>
            userGot.push(p as Change),
          ),
      )
      // A later change on the RLS table that anon may see proves anon's stream is live and ordered.
      const anonSentinel: unknown[] = []
      await subscribed(
        anon
          .channel(uniqueName('sentinel'))
          .on('postgres_changes', { event: 'INSERT', schema: 'public', table }, (p) =>
            anonSentinel.push(p),
          ),
      )
      await sql(`insert into public.${open} values (1, 'for members')`)
      await sql(`insert into public.${table} (owner, is_public) values (gen_random_uuid(), true)`)
      await waitFor(() => userGot.length === 1 && anonSentinel.length === 1, 10_000, 'the changes')
      expect(userGot[0].new).toEqual({ id: 1, body: 'for members' })
      expect(anonGot).toEqual([])
    } finally {
      await sql(
        `alter publication supabase_realtime drop table public.${open}; drop table public.${open};`,
      )
    }
  })

  it('sends only the columns a role may select under column grants', async () => {
    const cols = uniqueName('rt_cols')
    await sql(`
      create table public.${cols} (id int primary key, body text, secret text);
      revoke all on public.${cols} from anon, authenticated;
      grant select (id, body) on public.${cols} to anon;
      grant select on public.${cols} to authenticated;
      alter publication supabase_realtime add table public.${cols};
    `)
    try {
      const anon = await realtimeClient(target)
      const user = await userClient(target)
      clients.push(anon, user.client)
      const anonGot: Change[] = []
      const userGot: Change[] = []
      const on = (c: SupabaseClient, into: Change[]) =>
        subscribed(
          c
            .channel(uniqueName('cols'))
            .on('postgres_changes', { event: 'INSERT', schema: 'public', table: cols }, (p) =>
              into.push(p as Change),
            ),
        )
      await on(anon, anonGot)
      await on(user.client, userGot)
      await sql(`insert into public.${cols} values (1, 'hello', 'hush')`)
      await waitFor(() => anonGot.length === 1 && userGot.length === 1, 10_000, 'the insert')
      expect(anonGot[0].new).toEqual({ id: 1, body: 'hello' })
      expect(userGot[0].new).toEqual({ id: 1, body: 'hello', secret: 'hush' })
    } finally {
      await sql(
        `alter publication supabase_realtime drop table public.${cols}; drop table public.${cols};`,
      )
    }
  })

  it('listens schema-wide when no table is given', async () => {
    const me = await userClient(target)
    clients.push(me.client)
    const got: Change[] = []
    await subscribed(
      me.client
        .channel(uniqueName('schema'))
        .on('postgres_changes', { event: 'INSERT', schema: 'public' }, (p) => {
          if (p.table === table) got.push(p as Change)
        }),
    )
    await sql(`insert into public.${table} (owner, body) values ($1, 'schema-wide')`, [me.userId])
    await waitFor(() => got.length === 1, 10_000, 'the schema-wide insert')
    expect((got[0].new as Row).body).toBe('schema-wide')
  })
})

describe('join authorisation', () => {
  async function refused(token: string) {
    const client = await realtimeClient(target, token)
    const channel = client.channel(uniqueName('refused'))
    const log = statusLog(channel)
    await waitFor(() => log.statuses.includes('CHANNEL_ERROR'), 5000, 'the refusal')
    await client.removeAllChannels()
    return log.errors.join(' ')
  }

  it('accepts a valid token', async () => {
    const me = await userClient(target)
    clients.push(me.client)
    await subscribed(me.client.channel(uniqueName('ok')))
  })

  it('refuses a tampered token', async () => {
    const token = await mintToken(target.jwtSecret, { sub: 'x', role: 'authenticated' })
    const [h, , s] = token.split('.')
    const forged = Buffer.from(
      JSON.stringify({ sub: 'x', role: 'service_role', exp: 4102444800 }),
    ).toString('base64url')
    expect(await refused(`${h}.${forged}.${s}`)).toMatch(/^Unauthorized: /)
  })

  it('refuses an expired token', async () => {
    const token = await mintToken(target.jwtSecret, { sub: 'x', role: 'authenticated' }, -60)
    expect(await refused(token)).toMatch(/^Unauthorized: Token has expired/)
  })

  it('refuses an unsigned (alg none) token', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ role: 'service_role', exp: 4102444800 })}.`
    expect(await refused(token)).toMatch(/^Unauthorized: /)
  })

  it('uses the claims of a later access_token for RLS', async () => {
    const owner = await userClient(target)
    // Joined as anon; then the person signs in, the token callback returns their JWT and the
    // client sends it as access_token (supabase-js does this on sign-in).
    let current = target.anonKey
    const client = createClient(target.apiUrl, target.anonKey, {
      accessToken: async () => current,
    })
    const got = await listen(client)
    current = owner.token
    await client.realtime.setAuth()
    // The token goes out asynchronously; a row only the owner may see proves it took effect.
    let n = 0
    await waitFor(
      () => {
        if (got.length > 0) return true
        if (n < 20)
          void sql(`insert into public.${table} (owner, n) values ($1, $2)`, [
            owner.userId,
            5000 + n++,
          ])
        return false
      },
      10_000,
      'a row visible only with the new token',
    )
    expect((got[0].new as Row).owner).toBe(owner.userId)
  })

  it('closes a channel when its token expires, and on a bad access_token', async () => {
    const short = await userClient(target, 2)
    clients.push(short.client)
    const ch = short.client.channel(uniqueName('expiring'))
    const log = statusLog(ch)
    await waitFor(() => log.statuses.includes('SUBSCRIBED'), 5000, 'join')
    await waitFor(() => log.statuses.includes('CLOSED'), 6000, 'the close at expiry')

    const me = await userClient(target)
    clients.push(me.client)
    const ch2 = me.client.channel(uniqueName('retoken'))
    const system: Record<string, unknown>[] = []
    ch2.on('system', {}, (p) => system.push(p))
    const log2 = statusLog(ch2)
    await waitFor(() => log2.statuses.includes('SUBSCRIBED'), 5000, 'join')
    await me.client.realtime.setAuth(
      await mintToken('another-secret-that-is-at-least-32-chars', { role: 'authenticated' }),
    )
    await waitFor(() => log2.statuses.includes('CLOSED'), 5000, 'the close after a bad token')
    expect(system[0]).toMatchObject({ status: 'error' })
  })
})
