// auth.users and auth.identities: reading, creating and shaping users as GoTrue returns them.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { factorsJsonOf } from './mfa.ts'

type Queryable = pg.Pool | pg.PoolClient

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000'
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: string) => UUID_RE.test(s)

export interface UserRow {
  id: string
  aud: string
  role: string
  email: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  invited_at: Date | null
  confirmation_token: string
  confirmation_sent_at: Date | null
  recovery_token: string
  recovery_sent_at: Date | null
  email_change_token_new: string
  email_change: string
  email_change_sent_at: Date | null
  email_change_token_current: string | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Record<string, unknown> | null
  raw_user_meta_data: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
  phone: string | null
  phone_confirmed_at: Date | null
  confirmed_at: Date | null
  banned_until: Date | null
  deleted_at: Date | null
  is_anonymous: boolean
}

export interface IdentityRow {
  id: string
  provider_id: string
  user_id: string
  identity_data: Record<string, unknown>
  provider: string
  last_sign_in_at: Date | null
  created_at: Date
  updated_at: Date
  email: string | null
}

// A simple, strict-enough address check; GoTrue's is similar in spirit.
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/
export const isEmail = (s: string) => s.length <= 255 && EMAIL_RE.test(s)

export async function findUserByEmail(
  db: Queryable,
  email: string,
  lock = false,
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select * from auth.users where lower(email) = lower($1) and is_sso_user = false and deleted_at is null
     ${lock ? 'for update' : ''}`,
    [email],
  )
  return rows[0]
}

export async function findUserById(
  db: Queryable,
  id: string,
  lock = false,
): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined
  const { rows } = await db.query<UserRow>(
    `select * from auth.users where id = $1 and deleted_at is null ${lock ? 'for update' : ''}`,
    [id],
  )
  return rows[0]
}

export async function identitiesOf(
  db: Queryable,
  userIds: string[],
): Promise<Map<string, IdentityRow[]>> {
  const map = new Map<string, IdentityRow[]>()
  if (!userIds.length) return map
  const { rows } = await db.query<IdentityRow>(
    'select * from auth.identities where user_id = any($1::uuid[]) order by created_at',
    [userIds],
  )
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row])
  return map
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined)

/** The User JSON of GoTrue: empty strings for unset email/phone, null timestamps left out. */
export function userJson(
  u: UserRow,
  identities: IdentityRow[],
  factors?: Record<string, unknown>[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id,
    aud: u.aud,
    role: u.role,
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    invited_at: iso(u.invited_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: identities.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: u.banned_until && u.banned_until > new Date() ? iso(u.banned_until) : undefined,
    deleted_at: iso(u.deleted_at),
    is_anonymous: u.is_anonymous,
    factors,
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out
}

export async function loadUserJson(db: Queryable, id: string): Promise<Record<string, unknown>> {
  const user = await findUserById(db, id)
  if (!user) throw new Error(`user ${id} vanished`)
  return userJson(user, (await identitiesOf(db, [id])).get(id) ?? [], await factorsJsonOf(db, id))
}

/** GoTrue's metadata update: keys are merged, a null value deletes the key. */
export function mergeMetadata(
  current: Record<string, unknown> | null,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...(current ?? {}) }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

export interface NewUser {
  email: string
  passwordHash: string
  confirmed: boolean
  userMetadata?: Record<string, unknown>
  appMetadata?: Record<string, unknown>
  signedIn?: boolean
  /**
   * The admin API and invites keep user_metadata exactly as given, as GoTrue's do (a confirmed
   * address adds `email_verified: true`, as GoTrue's Confirm does). Sign-up and code sign-in copy
   * the identity's fields (sub, email, email_verified, phone_verified) in, as before.
   */
  metadataAsGiven?: boolean
}

/** Inserts the user and its email identity in one go, so triggers on auth.users see the metadata. */
export async function createUser(db: Queryable, input: NewUser): Promise<UserRow> {
  const id = randomUUID()
  const email = input.email.toLowerCase()
  const identityData = { sub: id, email, email_verified: input.confirmed, phone_verified: false }
  const userMetadata = input.metadataAsGiven
    ? { ...(input.userMetadata ?? {}), ...(input.confirmed ? { email_verified: true } : {}) }
    : { ...(input.userMetadata ?? {}), ...identityData }
  const appMetadata = { ...(input.appMetadata ?? {}), provider: 'email', providers: ['email'] }
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       last_sign_in_at, raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at,
       is_sso_user, is_anonymous)
     values ($1, $2, 'authenticated', 'authenticated', $3, $4, case when $5 then now() end,
       case when $6 then now() end, $7, $8, false, now(), now(), false, false)
     returning *`,
    [
      ZERO_UUID,
      id,
      email,
      input.passwordHash,
      input.confirmed,
      input.signedIn ?? false,
      appMetadata,
      userMetadata,
    ],
  )
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1::text, $1::uuid, $2, 'email', case when $3 then now() end, now(), now())`,
    [id, identityData, input.signedIn ?? false],
  )
  return rows[0]
}

/** GoTrue's anonymous user: no address, no identity, is_anonymous set, metadata as given. */
export async function createAnonymousUser(
  db: Queryable,
  userMetadata: Record<string, unknown>,
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, raw_app_meta_data, raw_user_meta_data,
       is_super_admin, created_at, updated_at, is_sso_user, is_anonymous)
     values ($1, $2, 'authenticated', 'authenticated', '{}'::jsonb, $3, false, now(), now(), false, true)
     returning *`,
    [ZERO_UUID, randomUUID(), userMetadata],
  )
  return rows[0]
}

/** Marks the address as verified in the user, its metadata and its identity. */
export async function confirmEmail(db: Queryable, userId: string) {
  await db.query(
    `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
       raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb,
       updated_at = now()
     where id = $1`,
    [userId],
  )
  await db.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
     where user_id = $1 and provider = 'email'`,
    [userId],
  )
}

export function isBanned(u: UserRow): boolean {
  return !!u.banned_until && u.banned_until > new Date()
}
