// Test people: auth users inserted with SQL (the profile trigger does the rest) and supabase-js
// clients that carry a real, signed JWT for them, so PostgREST applies RLS exactly as in production.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { randomUUID } from 'node:crypto'
import { sql, stackInfo } from './clients.ts'

export type Role = 'resident' | 'partner' | 'moderator' | 'admin'

/** Fixed ids from supabase/seed/ (reference.sql and demo.sql). */
export const SEED = {
  users: {
    bewoner: 'a0000000-0000-4000-8000-000000000001',
    buurvrouw: 'a0000000-0000-4000-8000-000000000002',
    partner: 'a0000000-0000-4000-8000-000000000003',
    team: 'a0000000-0000-4000-8000-000000000004',
    beheer: 'a0000000-0000-4000-8000-000000000005',
  },
  neighbourhoods: {
    limbeekNoord: '10000000-0000-4000-8000-000000000001',
    woenselWest: '10000000-0000-4000-8000-000000000006',
    eckartdal: '10000000-0000-4000-8000-000000000017',
  },
  themes: {
    perspectief: '20000000-0000-4000-8000-000000000001',
    fijneBuurt: '20000000-0000-4000-8000-000000000002',
    samenLeven: '20000000-0000-4000-8000-000000000003',
    veiligheid: '20000000-0000-4000-8000-000000000004',
  },
  organisations: {
    woonbedrijf: '30000000-0000-4000-8000-000000000005',
    lumens: '30000000-0000-4000-8000-000000000003',
  },
  coalitions: { groen: '50000000-0000-4000-8000-000000000001' },
  idea: (n: number) => `40000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
}

export type Aal = 'aal1' | 'aal2'

/**
 * A signed access token as Auth would issue it. `aal` says whether the session passed a second
 * factor: admin powers need aal2 (and so do a moderator's, once they enrolled a factor).
 */
export async function jwtFor(
  userId: string,
  email = `${userId}@example.test`,
  opts: { aal?: Aal } = {},
): Promise<string> {
  const secret = new TextEncoder().encode(stackInfo().jwtSecret)
  const aal = opts.aal ?? 'aal1'
  const now = Math.floor(Date.now() / 1000)
  const amr = [
    ...(aal === 'aal2' ? [{ method: 'totp', timestamp: now }] : []),
    { method: 'password', timestamp: now },
  ]
  return new SignJWT({ sub: userId, role: 'authenticated', aud: 'authenticated', email, aal, amr })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret)
}

export function clientWithJwt(jwt: string): SupabaseClient {
  const { apiUrl, publishableKey } = stackInfo()
  return createClient(apiUrl, publishableKey, {
    global: { headers: { Authorization: `Bearer ${jwt}` } },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
}

export async function clientAs(userId: string, opts: { aal?: Aal } = {}): Promise<SupabaseClient> {
  return clientWithJwt(await jwtFor(userId, undefined, opts))
}

export interface TestUser {
  id: string
  email: string
  client: SupabaseClient
}

export interface NewUserOptions {
  role?: Role
  organisationId?: string
  meta?: Record<string, unknown>
  email?: string
}

/** Inserts auth users in one statement (fast for hundreds) and returns signed-in clients. */
export async function createUsers(count: number, opts: NewUserOptions = {}): Promise<TestUser[]> {
  const people = Array.from({ length: count }, () => {
    const id = randomUUID()
    return { id, email: opts.email ?? `t-${id.slice(0, 13)}@example.test` }
  })
  await sql(
    `insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at, email_confirmed_at)
     select '00000000-0000-0000-0000-000000000000', p.id, 'authenticated', 'authenticated', p.email, $2::jsonb,
            '{"provider":"email","providers":["email"]}', now(), now(), now()
       from jsonb_to_recordset($1::jsonb) as p(id uuid, email text)`,
    [JSON.stringify(people), JSON.stringify(opts.meta ?? { display_name: 'Testbuur' })],
  )
  const role = opts.role ?? 'resident'
  if (role !== 'resident') {
    await sql(
      `update public.profiles set role = $2, organisation_id = $3 where id = any($1::uuid[])`,
      [
        people.map((p) => p.id),
        role,
        role === 'partner' ? (opts.organisationId ?? SEED.organisations.woonbedrijf) : null,
      ],
    )
  }
  // Admins act with a second factor, as the database requires; tests of the refusal make their own.
  const aal: Aal = role === 'admin' ? 'aal2' : 'aal1'
  return Promise.all(people.map(async (p) => ({ ...p, client: await clientAs(p.id, { aal }) })))
}

export async function createUser(opts: NewUserOptions = {}): Promise<TestUser> {
  return (await createUsers(1, opts))[0]
}

/** The cast of the RLS matrix: fresh people for each role, plus a second resident. */
export async function createActors() {
  const [resident, other, partner, moderator, admin] = await Promise.all([
    createUser(),
    createUser(),
    createUser({ role: 'partner' }),
    createUser({ role: 'moderator' }),
    createUser({ role: 'admin' }),
  ])
  return { resident, other, partner, moderator, admin }
}

/** A valid idea row for inserts. */
export function ideaInput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Een bankje bij de speeltuin',
    body: 'Ouders staan nu de hele middag. Een bankje zou fijn zijn voor iedereen.',
    kind: 'idea',
    theme_id: SEED.themes.fijneBuurt,
    neighbourhood_id: SEED.neighbourhoods.limbeekNoord,
    ...overrides,
  }
}

/** Inserts an idea directly (trusted) for arranging state; returns its id. */
export async function arrangeIdea(
  authorId: string | null,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const row = { id: randomUUID(), ...ideaInput(), author_id: authorId, ...overrides }
  const cols = Object.keys(row)
  await sql(
    `insert into public.ideas (${cols.join(', ')}) select ${cols.map((c) => `r.${c}`).join(', ')}
       from jsonb_populate_record(null::public.ideas, $1::jsonb) r`,
    [JSON.stringify(row)],
  )
  return row.id as string
}
