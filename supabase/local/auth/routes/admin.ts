// The admin API (service_role only): manage users and make sign-in links without sending mail.
import { randomBytes } from 'node:crypto'
import { inTransaction } from '../../db.ts'
import { requireAdmin, type App } from '../app.ts'
import { stageCode, type CodeColumn } from '../codes.ts'
import { AuthError, unprocessable, validationFailed } from '../errors.ts'
import { bool, obj, str, type Ctx } from '../http.ts'
import {
  confirmEmail,
  createUser,
  findUserByEmail,
  findUserById,
  identitiesOf,
  isEmail,
  loadUserJson,
  mergeMetadata,
  userJson,
  type UserRow,
} from '../users.ts'
import { adminFactors } from './factors.ts'
import { verifyLink } from './otp.ts'

const emailExists = () =>
  unprocessable('email_exists', 'A user with this email address has already been registered')
const userNotFound = () => new AuthError(404, 'user_not_found', 'User not found')

function adminEmail(body: Record<string, unknown>, required: boolean): string | undefined {
  const raw = str(body, 'email')
  if (!raw) {
    if (required) throw validationFailed('Unable to validate email address: invalid format')
    return undefined
  }
  const email = raw.trim().toLowerCase()
  if (!isEmail(email)) throw validationFailed('Unable to validate email address: invalid format')
  return email
}

function adminPassword(app: App, body: Record<string, unknown>): string | undefined {
  const password = str(body, 'password')
  if (password !== undefined && Buffer.byteLength(password) > app.cfg.maxPasswordLength) {
    throw validationFailed(`Password cannot be longer than ${app.cfg.maxPasswordLength} characters`)
  }
  return password
}

/** Go durations as GoTrue's ban_duration takes them: "24h", "1h30m", "90s"; "none" lifts a ban. */
export function parseDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g
  if (!/^(\d+(?:\.\d+)?(ms|h|m|s))+$/.test(s)) return undefined
  const unit: Record<string, number> = { h: 3600_000, m: 60_000, s: 1000, ms: 1 }
  let total = 0
  for (const m of s.matchAll(re)) total += Number(m[1]) * unit[m[2]]
  return total
}

function banUntil(body: Record<string, unknown>): Date | null | undefined {
  const ban = str(body, 'ban_duration')
  if (ban === undefined) return undefined
  if (ban === 'none') return null
  const ms = parseDuration(ban)
  if (ms === undefined) throw validationFailed('invalid format for ban duration')
  return new Date(Date.now() + ms)
}

export async function admin(app: App, ctx: Ctx) {
  await requireAdmin(app, ctx)
  const method = ctx.req.method
  if (ctx.path === '/admin/users' || ctx.path === '/admin/users/') {
    if (method === 'GET') return listUsers(app, ctx)
    if (method === 'POST') return createUserRoute(app, ctx)
    return methodNotAllowed(ctx, 'GET, POST')
  }
  if (ctx.path === '/admin/generate_link') {
    if (method === 'POST') return generateLink(app, ctx)
    return methodNotAllowed(ctx, 'POST')
  }
  const mfa = /^\/admin\/users\/([^/]+)\/factors(?:\/([^/]+))?$/.exec(ctx.path)
  if (mfa) return adminFactors(app, ctx, mfa[1], mfa[2])
  const one = /^\/admin\/users\/([^/]+)$/.exec(ctx.path)
  if (one) {
    const user = await findUserById(app.db, one[1])
    if (!user) throw userNotFound()
    if (method === 'GET') return ctx.json(200, await loadUserJson(app.db, user.id))
    if (method === 'PUT') return updateUser(app, ctx, user)
    if (method === 'DELETE') return deleteUser(app, ctx, user)
    return methodNotAllowed(ctx, 'GET, PUT, DELETE')
  }
  throw new AuthError(404, 'not_found', 'Not Found')
}

function methodNotAllowed(ctx: Ctx, allow: string) {
  ctx.json(405, { code: 'method_not_allowed', message: 'Method Not Allowed' }, { allow })
}

async function createUserRoute(app: App, ctx: Ctx) {
  const body = await ctx.body()
  const email = adminEmail(body, true)!
  const password = adminPassword(app, body) ?? randomBytes(24).toString('base64url')
  if (await findUserByEmail(app.db, email)) throw emailExists()
  let user: UserRow
  try {
    user = await createUser(app.db, {
      email,
      passwordHash: await app.hashPassword(password),
      confirmed: bool(body, 'email_confirm') === true,
      userMetadata: obj(body, 'user_metadata') ?? {},
      appMetadata: obj(body, 'app_metadata') ?? {},
      metadataAsGiven: true,
    })
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw emailExists()
    throw e
  }
  const until = banUntil(body)
  if (until !== undefined) {
    await app.db.query('update auth.users set banned_until = $2 where id = $1', [user.id, until])
  }
  ctx.json(200, await loadUserJson(app.db, user.id))
}

/**
 * A page number as GoTrue reads it (strconv.ParseUint): digits only, so "-1" or "two" is a 400
 * with Go's own wording. Empty means the default.
 */
function pageParam(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    const why = /^\d+$/.test(raw) ? 'value out of range' : 'invalid syntax'
    throw validationFailed(
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(raw)}: ${why}`,
    )
  }
  return Number(raw)
}

async function listUsers(app: App, ctx: Ctx) {
  const q = ctx.url.searchParams
  const page = Math.max(1, pageParam(q.get('page')) ?? 1)
  const perPage = Math.min(1000, Math.max(1, pageParam(q.get('per_page')) ?? 50))
  const [{ count }] = (
    await app.db.query<{ count: string }>(
      'select count(*) from auth.users where deleted_at is null',
    )
  ).rows
  const total = Number(count)
  const { rows } = await app.db.query<UserRow>(
    `select * from auth.users where deleted_at is null order by created_at desc, id limit $1 offset $2`,
    [perPage, (page - 1) * perPage],
  )
  const identities = await identitiesOf(
    app.db,
    rows.map((r) => r.id),
  )
  const last = Math.max(1, Math.ceil(total / perPage))
  // The client reads the page number right after the first '=', so `page` must come first.
  const links: string[] = []
  if (page < last) links.push(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`)
  links.push(`</admin/users?page=${last}&per_page=${perPage}>; rel="last"`)
  ctx.json(
    200,
    { users: rows.map((u) => userJson(u, identities.get(u.id) ?? [])), aud: 'authenticated' },
    { 'x-total-count': String(total), link: links.join(', ') },
  )
}

async function updateUser(app: App, ctx: Ctx, user: UserRow) {
  const body = await ctx.body()
  const email = adminEmail(body, false)
  const password = adminPassword(app, body)
  const userMeta = obj(body, 'user_metadata')
  const appMeta = obj(body, 'app_metadata')
  const until = banUntil(body)
  await inTransaction(app.db, async (client) => {
    if (email && email !== user.email) {
      const taken = await findUserByEmail(client, email)
      if (taken && taken.id !== user.id) throw emailExists()
      // user_metadata stays as the admin left it (GoTrue does not copy the address in).
      await client.query('update auth.users set email = $2::text where id = $1', [user.id, email])
      await client.query(
        `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text)
         where user_id = $1 and provider = 'email'`,
        [user.id, email],
      )
    }
    if (password !== undefined) {
      await client.query('update auth.users set encrypted_password = $2 where id = $1', [
        user.id,
        await app.hashPassword(password),
      ])
      await client.query('delete from auth.sessions where user_id = $1', [user.id])
    }
    if (userMeta) {
      await client.query('update auth.users set raw_user_meta_data = $2 where id = $1', [
        user.id,
        mergeMetadata((await findUserById(client, user.id))!.raw_user_meta_data, userMeta),
      ])
    }
    if (appMeta) {
      await client.query('update auth.users set raw_app_meta_data = $2 where id = $1', [
        user.id,
        mergeMetadata(user.raw_app_meta_data, appMeta),
      ])
    }
    if (bool(body, 'email_confirm') === true) await confirmEmail(client, user.id)
    if (until !== undefined) {
      await client.query('update auth.users set banned_until = $2 where id = $1', [user.id, until])
      if (until) await client.query('delete from auth.sessions where user_id = $1', [user.id])
    }
    await client.query('update auth.users set updated_at = now() where id = $1', [user.id])
  })
  ctx.json(200, await loadUserJson(app.db, user.id))
}

async function deleteUser(app: App, ctx: Ctx, user: UserRow) {
  const body = await ctx.body()
  if (bool(body, 'should_soft_delete') === true) {
    // GoTrue's soft delete: keep the row for references, make the person unreachable.
    await app.db.query(
      `update auth.users set deleted_at = now(), email = null, encrypted_password = '', phone = null,
         raw_user_meta_data = '{}'::jsonb, confirmation_token = '', recovery_token = '',
         email_change = '', email_change_token_new = '', updated_at = now()
       where id = $1`,
      [user.id],
    )
    await app.db.query('delete from auth.identities where user_id = $1', [user.id])
    await app.db.query('delete from auth.sessions where user_id = $1', [user.id])
  } else {
    await app.db.query('delete from auth.users where id = $1', [user.id])
  }
  ctx.json(200, {})
}

const LINK_TYPES = [
  'signup',
  'invite',
  'magiclink',
  'recovery',
  'email_change_current',
  'email_change_new',
]

async function generateLink(app: App, ctx: Ctx) {
  const body = await ctx.body()
  const type = str(body, 'type') ?? ''
  if (!LINK_TYPES.includes(type)) throw validationFailed('Invalid email action link type requested')
  const email = adminEmail(body, true)!
  const redirect = app.redirects.resolve(
    ctx.url.searchParams.get('redirect_to') ?? str(body, 'redirect_to'),
  )
  const data = obj(body, 'data') ?? {}
  let user = await findUserByEmail(app.db, email)
  let column: CodeColumn
  let verificationType: string
  let hashEmail = email

  if (type === 'signup' || type === 'invite' || (type === 'magiclink' && !user)) {
    if (user?.email_confirmed_at) throw emailExists()
    if (!user) {
      const password = type === 'signup' ? adminPassword(app, body) : undefined
      if (type === 'signup' && !password) throw validationFailed('Signup requires a valid password')
      user = await createUser(app.db, {
        email,
        passwordHash: password ? await app.hashPassword(password) : '',
        confirmed: false,
        userMetadata: data,
        metadataAsGiven: true,
      })
    }
    if (type === 'invite') {
      await app.db.query('update auth.users set invited_at = now() where id = $1', [user.id])
    }
    column = 'confirmation_token'
    verificationType = type === 'invite' ? 'invite' : 'signup'
  } else if (type === 'magiclink' || type === 'recovery') {
    if (!user) throw userNotFound()
    column = 'recovery_token'
    verificationType = type
  } else {
    if (!user) throw userNotFound()
    const newEmail = str(body, 'new_email')?.trim().toLowerCase()
    if (!newEmail || !isEmail(newEmail))
      throw validationFailed('The new email address provided is invalid')
    const taken = await findUserByEmail(app.db, newEmail)
    if (taken) throw emailExists()
    await app.db.query('update auth.users set email_change = $2 where id = $1', [user.id, newEmail])
    if (type === 'email_change_new') {
      column = 'email_change_token_new'
      hashEmail = newEmail
    } else {
      column = 'email_change_token_current'
    }
    verificationType = 'email_change'
  }
  const { otp, hash } = await stageCode(app.db, user.id, column, hashEmail, app.cfg.otpLength)
  ctx.json(200, {
    ...(await loadUserJson(app.db, user.id)),
    action_link: verifyLink(app, hash, verificationType, redirect),
    email_otp: otp,
    hashed_token: hash,
    verification_type: verificationType,
    redirect_to: redirect,
  })
}
