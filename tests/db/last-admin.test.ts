// The last admin cannot disappear (issue 10.4): two admins demoting each other at the same moment,
// or the last two admins where one leaves while the other is demoted, must leave at least one
// admin. Once with concurrent PostgREST requests, and once with two database connections and
// explicit transactions that force the dangerous interleaving: the first change is made but not
// committed when the second starts.
//
// On a private stack: the test needs exactly two admins, so it demotes the seed's admin, which
// would disturb the other test files on the shared one.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { reasonFor } from '@/api/errors'
import type { Stack } from '../../supabase/local/stack.ts'
import { sqlAt } from '../support/clients.ts'
import { startTestStack } from '../setup/stack.ts'
import { apiSession, outcome, waitsOrSettles as waitsOrSettles_ } from '../support/transactions.ts'

let stack: Stack

beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(async () => {
  await stack?.stop()
})

const db = <T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
) => sqlAt<T>(stack.info.dbUrl, text, params)

async function clientFor(id: string): Promise<SupabaseClient> {
  const jwt = await new SignJWT({
    sub: id,
    role: 'authenticated',
    aud: 'authenticated',
    aal: 'aal2',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(stack.info.jwtSecret))
  return createClient(stack.info.apiUrl, stack.info.anonKey, {
    global: { headers: { Authorization: `Bearer ${jwt}` } },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
}

/** Two new people who are, from now on, the only admins. */
async function onlyTwoAdmins(): Promise<[string, string]> {
  const ids = [randomUUID(), randomUUID()]
  await db(
    `insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at, email_confirmed_at)
     select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated',
            'admin-' || left(id::text, 8) || '@example.test', '{"display_name":"Beheer"}', now(), now(), now()
       from unnest($1::uuid[]) as id`,
    [ids],
  )
  await db(`update public.profiles set role = 'admin' where id = any($1::uuid[])`, [ids])
  await db(
    `update public.profiles set role = 'resident' where role = 'admin' and id <> all($1::uuid[])`,
    [ids],
  )
  return [ids[0], ids[1]]
}

const admins = async () =>
  (await db<{ id: string }>(`select id from public.profiles where role = 'admin'`)).map((r) => r.id)

const sessionAs = (id: string) => apiSession(stack.info.dbUrl, id)
const waitsOrSettles = (pid: number, call: Promise<unknown>) => waitsOrSettles_(db, pid, call)

describe('at least one admin remains', () => {
  test('two admins demoting each other with concurrent requests: one wins, the other gets last_admin', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await onlyTwoAdmins()
      const [asA, asB] = await Promise.all([clientFor(a), clientFor(b)])
      const results = await Promise.all([
        asA.rpc('set_role', { profile_id: b, role: 'resident' }),
        asB.rpc('set_role', { profile_id: a, role: 'resident' }),
      ])
      // The loser either waited and was refused (last_admin), or came after the winner's commit
      // and is no admin any more (not_allowed).
      const errors = results.map((r) => r.error?.message).filter((e) => e !== undefined)
      expect(errors, `round ${round}`).toHaveLength(1)
      expect(['last_admin', 'not_allowed']).toContain(errors[0])
      expect(await admins()).toHaveLength(1)
    }
  })

  test('two admins demoting each other in interleaved transactions: the second waits, then is refused', async () => {
    const [a, b] = await onlyTwoAdmins()
    const first = await sessionAs(a)
    const second = await sessionAs(b)
    try {
      await first.client.query(`select public.set_role($1, 'resident')`, [b])
      const call = second.client.query(`select public.set_role($1, 'resident')`, [a])
      const result = outcome(call)
      expect(await waitsOrSettles(second.pid, call)).toBe('waits')
      await first.client.query('commit')
      expect(await result).toBe('last_admin')
      await second.client.query('rollback')
    } finally {
      await Promise.all([first.client.end(), second.client.end()])
    }
    expect(await admins()).toEqual([a])
  })

  test('the last two admins: one leaves (delete_my_account) while being demoted by the other, interleaved', async () => {
    const [a, b] = await onlyTwoAdmins()
    const leaving = await sessionAs(a)
    const demoting = await sessionAs(b)
    try {
      // B demotes A first and has not committed when A deletes their account.
      await demoting.client.query(`select public.set_role($1, 'resident')`, [a])
      const call = leaving.client.query('select public.delete_my_account()')
      const result = outcome(call)
      expect(await waitsOrSettles(leaving.pid, call)).toBe('waits')
      await demoting.client.query('commit')
      // A is no admin any more, so A may leave: B stays admin.
      expect(await result).toBe('ok')
      await leaving.client.query('commit')
    } finally {
      await Promise.all([leaving.client.end(), demoting.client.end()])
    }
    expect(await admins()).toEqual([b])
  })

  test('the last two admins: one leaves while demoting the other, interleaved', async () => {
    const [a, b] = await onlyTwoAdmins()
    const leaving = await sessionAs(a)
    const demoting = await sessionAs(a)
    try {
      // A demotes B in one tab and, before that commits, deletes their own account in another.
      await demoting.client.query(`select public.set_role($1, 'resident')`, [b])
      const call = leaving.client.query('select public.delete_my_account()')
      const result = outcome(call)
      expect(await waitsOrSettles(leaving.pid, call)).toBe('waits')
      await demoting.client.query('commit')
      expect(await result).toBe('last_admin')
      await leaving.client.query('rollback')
    } finally {
      await Promise.all([leaving.client.end(), demoting.client.end()])
    }
    expect(await admins()).toEqual([a])
  })

  test('the same two requests at once through PostgREST leave an admin', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await onlyTwoAdmins()
      const asA = await clientFor(a)
      const results = await Promise.all([
        asA.rpc('set_role', { profile_id: b, role: 'resident' }),
        asA.rpc('delete_my_account'),
      ])
      // Refused as the last admin, or (after the account is gone) as no admin at all.
      const errors = results.map((r) => r.error?.message).filter((e) => e !== undefined)
      expect(errors, `round ${round}`).toHaveLength(1)
      expect(['last_admin', 'not_allowed']).toContain(errors[0])
      expect(await admins()).toHaveLength(1)
    }
  })

  test('the only admin cannot delete their account or step down, and hears why', async () => {
    const [a, b] = await onlyTwoAdmins()
    await db(`update public.profiles set role = 'resident' where id = $1`, [b])
    const asA = await clientFor(a)
    const leave = await asA.rpc('delete_my_account')
    expect(leave.error).toMatchObject({ message: 'last_admin' })
    expect(leave.error?.details).toContain('Appoint another admin first')
    // The account page shows errors.lastAdmin, in the reader's language.
    expect(reasonFor(leave.error)).toBe('lastAdmin')
    const stepDown = await asA.rpc('set_role', { profile_id: a, role: 'moderator' })
    expect(stepDown.error).toMatchObject({ message: 'last_admin' })
    // Also not around the functions, with the secret key's power: the row itself refuses.
    await expect(db('delete from auth.users where id = $1', [a])).rejects.toThrow('last_admin')
    expect(await admins()).toEqual([a])
  })
})
