// Private channels authorised the Supabase way: RLS policies on realtime.messages, with
// realtime.topic(), decide who may join (read broadcast or presence), send broadcast and track
// presence; realtime.send() and broadcast_changes() broadcast from the database; the broadcast API
// honours the same policies. Through the real supabase-js client. "Nothing arrived" is proved by
// a later marker on the same topic that did arrive (frames of one socket are handled in order).
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceClient, sql, stackInfo } from '../support/clients.ts'
import { createUser, jwtFor } from '../support/users.ts'
import {
  mintToken,
  realtimeClient,
  statusLog,
  subscribed,
  uniqueName,
  waitFor,
} from './realtime-support.ts'

const clients: SupabaseClient[] = []
const cleanup: string[] = []
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  for (const statement of cleanup) await sql(statement)
})

async function as(userId?: string, aal: 'aal1' | 'aal2' = 'aal1') {
  const c = await realtimeClient(
    stackInfo(),
    userId ? await jwtFor(userId, undefined, { aal }) : undefined,
  )
  clients.push(c)
  return c
}

type Message = { event: string; payload: Record<string, unknown> }

function listen(channel: RealtimeChannel) {
  const got: Message[] = []
  channel.on('broadcast', { event: '*' }, (m) => got.push(m as unknown as Message))
  return got
}

const events = (got: Message[]) => got.map((m) => m.event)

async function refusal(channel: RealtimeChannel) {
  const log = statusLog(channel)
  await waitFor(() => log.errors.length > 0, 5000, 'the refusal')
  return log.errors[0]
}

async function apiBroadcast(token: string, message: Record<string, unknown>) {
  const res = await fetch(`${stackInfo().apiUrl}/realtime/v1/api/broadcast`, {
    method: 'POST',
    headers: {
      apikey: stackInfo().anonKey,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ messages: [message] }),
  })
  return res.status
}

describe('the team page presence channel (team-idea:<id>)', () => {
  it('lets moderators and admins see each other, and refuses residents and visitors', async () => {
    const [moderator, admin, resident] = await Promise.all([
      createUser({ role: 'moderator' }),
      createUser({ role: 'admin' }),
      createUser(),
    ])
    const topic = `team-idea:${randomUUID()}`
    const present = (c: SupabaseClient, key: string) => {
      const ch = c.channel(topic, { config: { private: true, presence: { key } } })
      ch.on('presence', { event: 'sync' }, () => undefined)
      return ch
    }
    const a = present(await as(moderator.id), 'sanne')
    await subscribed(a)
    expect(await a.track({ name: 'Sanne' })).toBe('ok')
    const b = present(await as(admin.id, 'aal2'), 'beheer')
    await subscribed(b)
    expect(await b.track({ name: 'Beheer' })).toBe('ok')
    await waitFor(() => 'beheer' in a.presenceState(), 5000, 'the admin in the moderator`s list')
    await waitFor(() => 'sanne' in b.presenceState(), 5000, 'the moderator in the admin`s list')
    expect(b.presenceState().sanne[0]).toMatchObject({ name: 'Sanne' })

    const deny = `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`
    expect(await refusal(present(await as(resident.id), 'buur'))).toBe(deny)
    expect(await refusal(present(await as(), 'bezoeker'))).toBe(deny)
    // An admin without a second factor is no team member yet (private.is_moderator()).
    expect(await refusal(present(await as(admin.id, 'aal1'), 'half'))).toBe(deny)
    // The same topic as a public channel is another room: nothing of the team's presence.
    const outsider = (await as()).channel(topic, { config: { presence: { key: 'buiten' } } })
    let synced = 0
    outsider.on('presence', { event: 'sync' }, () => synced++)
    await subscribed(outsider)
    await waitFor(() => synced > 0, 5000, 'the public presence state')
    expect(Object.keys(outsider.presenceState())).toEqual([])
    expect(Object.keys(a.presenceState()).sort()).toEqual(['beheer', 'sanne'])
  })

  it('closes the channel of a moderator who is no longer one, at their next token', async () => {
    const moderator = await createUser({ role: 'moderator' })
    const topic = `team-idea:${randomUUID()}`
    let token = await jwtFor(moderator.id)
    const { apiUrl, anonKey } = stackInfo()
    const c = createClient(apiUrl, anonKey, {
      accessToken: async () => token,
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    })
    clients.push(c)
    await c.realtime.setAuth(token)
    const ch = c.channel(topic, { config: { private: true, presence: { key: 'm' } } })
    ch.on('presence', { event: 'sync' }, () => undefined)
    const log = statusLog(ch)
    await waitFor(() => log.statuses.includes('SUBSCRIBED'), 5000, 'the join')
    await sql(`update public.profiles set role = 'resident' where id = $1`, [moderator.id])
    // A new token (Auth refreshes it: a new session id); the policies are asked again with it.
    token = await mintToken(stackInfo().jwtSecret, {
      sub: moderator.id,
      role: 'authenticated',
      aud: 'authenticated',
      aal: 'aal1',
      session_id: randomUUID(),
    })
    await c.realtime.setAuth(token)
    await waitFor(() => log.statuses.includes('CLOSED'), 5000, 'the channel to close')
  })

  it('carries no broadcasts: a team member`s send is dropped', async () => {
    const moderator = await createUser({ role: 'moderator' })
    const topic = `team-idea:${randomUUID()}`
    // The service role reads everything (it bypasses RLS): it would see a broadcast that got through.
    const service = serviceClient()
    clients.push(service)
    const watcher = service.channel(topic, { config: { private: true } })
    const seen = listen(watcher)
    await subscribed(watcher)
    const member = (await as(moderator.id)).channel(topic, {
      config: { private: true, presence: { key: 'm' } },
    })
    member.on('presence', { event: 'sync' }, () => undefined)
    await subscribed(member)
    void member.send({ type: 'broadcast', event: 'sneaky', payload: {} })
    // Handled after the send (same socket, in order): when it is answered, the send was judged.
    expect(await member.track({})).toBe('ok')
    expect(
      await apiBroadcast(stackInfo().serviceRoleKey, {
        topic,
        event: 'marker',
        payload: {},
        private: true,
      }),
    ).toBe(202)
    await waitFor(() => events(seen).includes('marker'), 5000, 'the marker')
    expect(events(seen)).toEqual(['marker'])
    await watcher.unsubscribe()
  })
})

describe('policies of a project (a test topic with its own policies)', () => {
  // A reader may read broadcast, a writer may read and write it; nobody else anything.
  const topic = uniqueName('rt-policy')
  let reader: string
  let writer: string
  let stranger: string
  beforeAll(async () => {
    ;[reader, writer, stranger] = (
      await Promise.all([createUser(), createUser(), createUser()])
    ).map((u) => u.id)
    const policy = topic.replace(/-/g, '_')
    await sql(
      `create policy ${policy}_read on realtime.messages for select to authenticated
         using ((select realtime.topic()) = '${topic}' and extension = 'broadcast'
                and (select auth.uid()) in ('${reader}', '${writer}'));
       create policy ${policy}_write on realtime.messages for insert to authenticated
         with check ((select realtime.topic()) = '${topic}' and extension = 'broadcast'
                     and (select auth.uid()) = '${writer}');`,
    )
    cleanup.push(
      `drop policy ${policy}_read on realtime.messages; drop policy ${policy}_write on realtime.messages`,
    )
  })

  it('lets the writer send, the reader only receive, and refuses a stranger', async () => {
    const readerCh = (await as(reader)).channel(topic, { config: { private: true } })
    const readerGot = listen(readerCh)
    await subscribed(readerCh)
    const writerCh = (await as(writer)).channel(topic, {
      config: { private: true, broadcast: { ack: true } },
    })
    await subscribed(writerCh)
    expect(
      await refusal((await as(stranger)).channel(topic, { config: { private: true } })),
    ).toMatch(/do not have permissions to read/)

    void readerCh.send({ type: 'broadcast', event: 'from-reader', payload: {} })
    expect(
      await writerCh.send({ type: 'broadcast', event: 'from-writer', payload: { n: 1 } }),
    ).toBe('ok')
    await waitFor(() => events(readerGot).includes('from-writer'), 5000, 'the writer`s message')
    expect(events(readerGot)).toEqual(['from-writer'])
  })

  it('delivers realtime.send() and broadcast_changes() to those who may read, private apart from public', async () => {
    const readerCh = (await as(reader)).channel(topic, { config: { private: true } })
    const readerGot = listen(readerCh)
    await subscribed(readerCh)
    const publicCh = (await as()).channel(topic)
    const publicGot = listen(publicCh)
    await subscribed(publicCh)

    await sql(`select realtime.send('{"n": 1}'::jsonb, 'from-db', $1, true)`, [topic])
    await sql(`select realtime.send('{"n": 2}'::jsonb, 'to-everyone', $1, false)`, [topic])
    await waitFor(() => events(readerGot).includes('from-db'), 5000, 'the private send')
    await waitFor(() => events(publicGot).includes('to-everyone'), 5000, 'the public send')
    const sent = readerGot.find((m) => m.event === 'from-db')!
    expect(sent.payload).toMatchObject({ n: 1 })
    expect(typeof sent.payload.id).toBe('string')
    expect(events(publicGot)).toEqual(['to-everyone'])

    // broadcast_changes from a trigger, as Supabase documents it.
    const table = uniqueName('rt_bc')
    await sql(
      `create table public.${table} (id int primary key, title text);
       create function public.${table}_broadcast() returns trigger language plpgsql
         security definer set search_path = '' as $$
       begin
         perform realtime.broadcast_changes('${topic}', tg_op, tg_op, tg_table_name,
                                            tg_table_schema, new, old);
         return null;
       end $$;
       create trigger ${table}_broadcast after insert or update on public.${table}
         for each row execute function public.${table}_broadcast();`,
    )
    cleanup.push(`drop table public.${table}; drop function public.${table}_broadcast()`)
    await sql(`insert into public.${table} values (7, 'Meer bankjes')`)
    await waitFor(() => events(readerGot).includes('INSERT'), 5000, 'the INSERT broadcast')
    expect(readerGot.find((m) => m.event === 'INSERT')!.payload).toMatchObject({
      operation: 'INSERT',
      table,
      schema: 'public',
      record: { id: 7, title: 'Meer bankjes' },
      old_record: null,
    })
    expect(events(publicGot)).toEqual(['to-everyone'])
  })

  it('lets the broadcast API send on a private topic only as the policies allow', async () => {
    const readerCh = (await as(reader)).channel(topic, { config: { private: true } })
    const readerGot = listen(readerCh)
    await subscribed(readerCh)
    const single = (token: string, event: string) =>
      fetch(
        `${stackInfo().apiUrl}/realtime/v1/api/broadcast/${topic}/events/${event}?private=true`,
        {
          method: 'POST',
          headers: {
            apikey: stackInfo().anonKey,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: '{}',
        },
      ).then((r) => r.status)
    const readerToken = await jwtFor(reader)
    const strangerToken = await jwtFor(stranger)
    expect(
      await apiBroadcast(readerToken, { topic, event: 'api-reader', payload: {}, private: true }),
    ).toBe(202)
    expect(
      await apiBroadcast(strangerToken, {
        topic,
        event: 'api-stranger',
        payload: {},
        private: true,
      }),
    ).toBe(202)
    expect(await single(readerToken, 'single-reader')).toBe(403)
    expect(await single(stackInfo().anonKey, 'single-anon')).toBe(403)
    expect(await single(await jwtFor(writer), 'single-writer')).toBe(202)
    expect(
      await apiBroadcast(await jwtFor(writer), {
        topic,
        event: 'api-writer',
        payload: {},
        private: true,
      }),
    ).toBe(202)
    await waitFor(() => events(readerGot).includes('api-writer'), 5000, 'the writer`s API message')
    expect(events(readerGot)).toEqual(['single-writer', 'api-writer'])
  })
})
