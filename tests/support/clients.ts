// Helpers for integration tests: supabase-js clients against the test run's stack.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

export function stackInfo() {
  return inject('stack')
}

/**
 * A fresh client with the publishable key, as the app has: no shared session, no storage;
 * Realtime uses Node's own WebSocket. (tests/stack/api-keys.test.ts covers the legacy keys.)
 */
export function anonClient(): SupabaseClient {
  const { apiUrl, publishableKey } = stackInfo()
  return createClient(apiUrl, publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
}

/** A client with the secret key, as a server or script has. */
export function serviceClient(): SupabaseClient {
  const { apiUrl, secretKey } = stackInfo()
  return createClient(apiUrl, secretKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
}

export function uniqueEmail(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`
}

/** Signs up a new person with a password and returns a client signed in as them. */
export async function signedInClient(
  opts: { email?: string; password?: string; data?: Record<string, unknown> } = {},
): Promise<{ client: SupabaseClient; userId: string; email: string; password: string }> {
  const client = anonClient()
  const email = opts.email ?? uniqueEmail()
  const password = opts.password ?? 'correct-horse-battery'
  const { data, error } = await client.auth.signUp({
    email,
    password,
    options: { data: opts.data ?? {} },
  })
  if (error) throw error
  if (!data.session) throw new Error('sign-up returned no session (is autoconfirm on?)')
  return { client, userId: data.user!.id, email, password }
}

/** Direct SQL as the superuser, for arranging data and checking what was stored. */
/** SQL as the superuser on the database at `dbUrl` (a private stack's, for instance). */
export async function sqlAt<T extends pg.QueryResultRow = pg.QueryResultRow>(
  dbUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl })
  await client.connect()
  try {
    return (await client.query<T>(text, params)).rows
  } finally {
    await client.end()
  }
}

export function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return sqlAt<T>(stackInfo().dbUrl, text, params)
}

/** The latest mail sent to an address, from the stack's mailbox (or another stack's). */
export async function latestMail(
  to: string,
  mailboxUrl = stackInfo().mailboxUrl,
): Promise<{ subject: string; text: string; html?: string } | undefined> {
  const res = await fetch(`${mailboxUrl}/api/latest?to=${encodeURIComponent(to)}`)
  if (res.status === 404) return undefined
  if (!res.ok) throw new Error(`mailbox answered ${res.status}`)
  return (await res.json()) as { subject: string; text: string; html?: string }
}
