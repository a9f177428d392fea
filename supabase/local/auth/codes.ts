// One-time codes sent by e-mail: where each kind is stored, how it is found again, and what using
// one does. A code is stored only as hex(sha224(email + code)), GoTrue's token hash.
import type pg from 'pg'
import { AuthError, emailRateLimit, unprocessable } from './errors.ts'
import type { MailKind } from './mail.ts'
import { PKCE_PREFIX } from './pkce.ts'
import { newOtp, sameSecret, tokenHash } from './tokens.ts'
import { confirmEmail, type UserRow } from './users.ts'

type Queryable = pg.Pool | pg.PoolClient

export type CodeColumn =
  'confirmation_token' | 'recovery_token' | 'email_change_token_new' | 'email_change_token_current'

const SENT_AT: Record<CodeColumn, keyof UserRow> = {
  confirmation_token: 'confirmation_sent_at',
  recovery_token: 'recovery_sent_at',
  email_change_token_new: 'email_change_sent_at',
  email_change_token_current: 'email_change_sent_at',
}

export const VERIFY_TYPES = [
  'signup',
  'invite',
  'magiclink',
  'recovery',
  'email_change',
  'email',
] as const
export type VerifyType = (typeof VERIFY_TYPES)[number]

/**
 * Which columns a verify type may match. `magiclink` also accepts a confirmation token: the code
 * mail of a person without a confirmed account carries a `type=magiclink` link too.
 */
export function columnsFor(type: VerifyType): CodeColumn[] {
  switch (type) {
    case 'signup':
    case 'invite':
      return ['confirmation_token']
    case 'recovery':
      return ['recovery_token']
    case 'email_change':
      return ['email_change_token_new', 'email_change_token_current']
    case 'email':
    case 'magiclink':
      return ['confirmation_token', 'recovery_token']
  }
}

/** 429 when a mail of this kind went to the person less than `seconds` ago. */
export function checkMailFrequency(user: UserRow, column: CodeColumn, seconds: number) {
  const waited = secondsSinceMail(user, column)
  if (waited < seconds) throw emailRateLimit(Math.ceil(seconds - waited))
}

/**
 * A password that a sign-up set on an account nobody has confirmed proves nothing. When the
 * address is claimed again (another sign-up, a code sign-in), it goes: otherwise the owner's code
 * would confirm an account that opens with a stranger's password.
 */
export async function forgetUnprovenPassword(db: Queryable, user: UserRow) {
  if (user.email_confirmed_at || !user.encrypted_password) return
  await db.query(
    `update auth.users set encrypted_password = '', updated_at = now()
     where id = $1 and email_confirmed_at is null`,
    [user.id],
  )
}

/** Seconds since a code of this kind was mailed (Infinity when never). */
export function secondsSinceMail(user: UserRow, column: CodeColumn): number {
  const sentAt = user[SENT_AT[column]] as Date | null
  return sentAt ? (Date.now() - sentAt.getTime()) / 1000 : Infinity
}

export interface CodeMail {
  kind: MailKind
  to: string
  otp: string
  hash: string
  /** For an e-mail change: the address the person moves to. */
  newEmail?: string
}

/**
 * Stages an e-mail change with a code for the new address and, when the account has an address,
 * one for the current address too (`double_confirm_changes`, as hosted Supabase): whoever holds a
 * session but not the mailbox cannot move the account. Returns the mails to send.
 */
export async function stageEmailChange(
  db: Queryable,
  user: UserRow,
  newEmail: string,
  length: number,
  pkce = false,
): Promise<CodeMail[]> {
  await db.query(
    `update auth.users set email_change = $2, email_change_token_current = '', email_change_confirm_status = 0
     where id = $1`,
    [user.id, newEmail],
  )
  const fresh = await stageCode(db, user.id, 'email_change_token_new', newEmail, length, pkce)
  const mails: CodeMail[] = [{ kind: 'email_change', to: newEmail, newEmail, ...fresh }]
  if (user.email) {
    const current = await stageCode(
      db,
      user.id,
      'email_change_token_current',
      user.email,
      length,
      pkce,
    )
    mails.push({ kind: 'email_change', to: user.email, newEmail, ...current })
  }
  return mails
}

/**
 * Creates a new code in `column` (replacing any earlier one) and returns it with its hash. In a
 * PKCE flow the stored hash, and so the token in the link, starts with "pkce_" (as GoTrue's), which
 * tells GET /verify to answer with `?code=` rather than a session.
 */
export async function stageCode(
  db: Queryable,
  userId: string,
  column: CodeColumn,
  hashEmail: string,
  length: number,
  pkce = false,
) {
  const otp = newOtp(length)
  const hash = (pkce ? PKCE_PREFIX : '') + tokenHash(hashEmail, otp)
  const sentAt = SENT_AT[column]
  await db.query(
    `update auth.users set ${column} = $2, ${String(sentAt)} = now(), updated_at = now() where id = $1`,
    [userId, hash],
  )
  return { otp, hash }
}

export interface Found {
  user: UserRow
  column: CodeColumn
}

/** Finds and locks the user holding this hash, by address when known. Expired codes do not count. */
export async function findByCode(
  db: pg.PoolClient,
  type: VerifyType,
  hash: string,
  email: string | undefined,
  otpExpiry: number,
): Promise<Found | undefined> {
  // An empty hash would match every user whose code column is empty.
  if (!hash.trim()) return undefined
  const columns = columnsFor(type)
  let rows: UserRow[]
  if (email) {
    const where =
      type === 'email_change'
        ? 'lower(email_change) = $1 or lower(email) = $1'
        : 'lower(email) = $1'
    rows = (
      await db.query<UserRow>(
        `select * from auth.users where (${where}) and deleted_at is null for update`,
        [email],
      )
    ).rows
  } else {
    const where = columns.map((c) => `${c} = $1 or ${c} = '${PKCE_PREFIX}' || $1`).join(' or ')
    rows = (
      await db.query<UserRow>(
        `select * from auth.users where (${where}) and deleted_at is null for update`,
        [hash],
      )
    ).rows
  }
  for (const user of rows) {
    for (const column of columns) {
      const stored = String(user[column] ?? '')
      if (!sameSecret(stored, hash) && !sameSecret(stored, PKCE_PREFIX + hash)) continue
      const sentAt = user[SENT_AT[column]] as Date | null
      if (!sentAt || sentAt.getTime() + otpExpiry * 1000 < Date.now()) return undefined
      return { user, column }
    }
  }
  return undefined
}

/**
 * Uses up the code: clears it and confirms the address, or takes a step of an e-mail change.
 * 'waiting' when this was the first of the two addresses of an e-mail change to confirm.
 */
export async function useCode(db: pg.PoolClient, found: Found): Promise<'done' | 'waiting'> {
  const { user, column } = found
  if (column === 'email_change_token_new' || column === 'email_change_token_current') {
    const other =
      column === 'email_change_token_new' ? 'email_change_token_current' : 'email_change_token_new'
    if (user[other]) {
      await db.query(
        `update auth.users set ${column} = '', email_change_confirm_status = 1, updated_at = now()
         where id = $1`,
        [user.id],
      )
      return 'waiting'
    }
    const newEmail = user.email_change.toLowerCase()
    try {
      await db.query('savepoint email_change')
      await db.query(
        `update auth.users set email = $2::text, email_change = '', email_change_token_new = '',
           email_change_token_current = '', email_change_sent_at = null, email_change_confirm_status = 0,
           email_confirmed_at = coalesce(email_confirmed_at, now()),
           raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || jsonb_build_object('email', $2::text),
           updated_at = now()
         where id = $1`,
        [user.id, newEmail],
      )
    } catch (e) {
      await db.query('rollback to savepoint email_change')
      if ((e as { code?: string }).code === '23505') {
        throw unprocessable(
          'email_exists',
          'A user with this email address has already been registered',
        )
      }
      throw e
    }
    await db.query(
      `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text),
         updated_at = now()
       where user_id = $1 and provider = 'email'`,
      [user.id, newEmail],
    )
    return 'done'
  }
  await db.query(`update auth.users set ${column} = '', updated_at = now() where id = $1`, [
    user.id,
  ])
  await confirmEmail(db, user.id)
  return 'done'
}

export function assertVerifyType(type: string | undefined): VerifyType {
  if (!type) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type')
  if (!(VERIFY_TYPES as readonly string[]).includes(type)) {
    throw new AuthError(
      400,
      'validation_failed',
      `Verify requires a verification type of: ${VERIFY_TYPES.join(', ')}`,
    )
  }
  return type as VerifyType
}
