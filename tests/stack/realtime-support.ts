// Helpers for the Realtime tests: tokens minted with the stack's secret (independent of the Auth
// server), clients that use them, and small waiting tools.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll } from 'vitest'
import type { Stack } from '../../supabase/local/stack.ts'
import { startTestStack } from '../setup/stack.ts'
import { sqlAt } from '../support/clients.ts'

export interface Target {
  apiUrl: string
  anonKey: string
  jwtSecret: string
}

export async function mintToken(
  secret: string,
  claims: Record<string, unknown>,
  expiresInSeconds = 3600,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(secret))
}

/**
 * A supabase-js client; with `token`, Realtime joins with that JWT instead of the anon key.
 * The token comes from the `accessToken` callback, as with third-party auth: since 2.110,
 * realtime-js asks that callback again after every join and heartbeat, so a token given only
 * to `realtime.setAuth(token)` would be replaced by the anon key.
 */
export async function realtimeClient(target: Target, token?: string): Promise<SupabaseClient> {
  const client = createClient(target.apiUrl, target.anonKey, {
    ...(token ? { accessToken: async () => token } : {}),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  // A join carries the token only if the client knows it by then.
  if (token) await client.realtime.setAuth(token)
  return client
}

/** A signed-in person (by JWT): their id and a client acting as them. */
export async function userClient(target: Target, expiresInSeconds = 3600) {
  const userId = randomUUID()
  const token = await mintToken(
    target.jwtSecret,
    { sub: userId, role: 'authenticated', aud: 'authenticated' },
    expiresInSeconds,
  )
  return { userId, token, client: await realtimeClient(target, token) }
}

/** Subscribes and resolves on SUBSCRIBED; rejects with the error the client reports. */
export function subscribed(channel: RealtimeChannel, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not subscribed in time')), timeoutMs)
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') {
        clearTimeout(timer)
        resolve()
      } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        clearTimeout(timer)
        reject(err ?? new Error(status))
      }
    })
  })
}

/** Statuses a channel goes through, for tests that expect a refusal or a close. */
export function statusLog(channel: RealtimeChannel): { statuses: string[]; errors: string[] } {
  const log = { statuses: [] as string[], errors: [] as string[] }
  channel.subscribe((status, err) => {
    log.statuses.push(status)
    if (err) log.errors.push(err.message)
  })
  return log
}

/** `until` with the arguments the other way round, for synchronous checks. */
export function waitFor(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  return until(check, what, timeoutMs)
}

/** Polls an asynchronous condition (a query) until it holds. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<void> {
  const giveUp = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 10)}`
}

/** SQL as the superuser on one stack (tests that run their own private stack). */
export const sqlOn = sqlAt

/** A table `(id, owner, n)` whose rows only their owner may select, published for Realtime. */
export async function createOwnedTable(dbUrl: string, table: string): Promise<void> {
  await sqlOn(
    dbUrl,
    `create table public.${table} (id bigint generated always as identity primary key, owner uuid not null, n int);
     alter table public.${table} enable row level security;
     create policy ${table}_select_own on public.${table} for select to authenticated using (owner = (select auth.uid()));
     grant select on public.${table} to authenticated;
     alter publication supabase_realtime add table public.${table};`,
  )
}

/**
 * A private stack for one test file (started in beforeAll, stopped in afterAll) with an owned
 * table of its own (createOwnedTable), and SQL as the superuser on it.
 */
export function privateStackWithTable(prefix: string) {
  const own = {
    stack: undefined as unknown as Stack,
    table: uniqueName(prefix),
    db: (text: string, params: unknown[] = []) => sqlOn(own.stack.info.dbUrl, text, params),
  }
  beforeAll(async () => {
    own.stack = await startTestStack()
    await createOwnedTable(own.stack.info.dbUrl, own.table)
  }, 90_000)
  afterAll(async () => {
    await own.stack?.stop()
  })
  return own
}

/** A channel (not yet subscribed) that collects the `n` of every row inserted into `table`. */
export function watchInserts(client: SupabaseClient, table: string, name: string) {
  const got: number[] = []
  const channel = client
    .channel(uniqueName(name))
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table }, (p) =>
      got.push((p.new as { n: number }).n),
    )
  return { got, channel }
}
