// Admins invite a moderator or a partner's contact person by e-mail from /beheer (issue #12).
// Postgres decides: with the CALLER's own token this calls invite_to_team(), which refuses
// anyone but an admin at aal2 and checks the address, the role and the organisation. Only when
// that succeeded does the project's secret key ask Auth to send the invite mail; the role is
// given by the database when the address is confirmed, never by the mail's metadata.
// verify_jwt = false (config.toml): the function checks its caller itself with auth.getClaims()
// (the signature against the project's JWKS for ES256 session tokens, Auth for legacy HS256
// ones), so it works with the legacy JWT keys and the new publishable/secret keys alike.
import { createClient } from 'npm:@supabase/supabase-js@2.119.1'
// The SDK's own CORS headers: every header supabase-js sends, so a browser's preflight passes.
import { corsHeaders } from 'npm:@supabase/supabase-js@2.119.1/cors'
import { secretKeys } from '../_shared/caller.ts'
import { appUrl } from '../_shared/db.ts'

const HEADERS = {
  ...corsHeaders,
  'content-type': 'application/json',
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: HEADERS })
}

/** A refusal with the database's key (src/api/errors.ts maps it to a text). */
function refuse(status: number, error: string): Response {
  return answer(status, { error })
}

/** The publishable (or legacy anon) key, for a client that acts as the caller. */
function publicKey(): string {
  const legacy = Deno.env.get('SUPABASE_ANON_KEY')
  if (legacy) return legacy
  try {
    const keys = JSON.parse(Deno.env.get('SUPABASE_PUBLISHABLE_KEYS') ?? '{}') as Record<
      string,
      string
    >
    return keys.default ?? ''
  } catch {
    return ''
  }
}

/** The secret key: the legacy service_role JWT, or the default new sb_secret_ key. */
function secretKey(): string {
  return secretKeys()[0] ?? ''
}

/** The HTTP status for a key invite_to_team() raised. */
function statusOf(key: string): number {
  switch (key) {
    case 'not_signed_in':
      return 401
    case 'not_allowed':
    case 'second_factor_required':
      return 403
    case 'already_has_account':
      return 409
    case 'invalid_email':
    case 'invite_role_not_allowed':
    case 'invite_organisation_mismatch':
    case 'team_invitations_partner_needs_organisation':
      return 400
    default:
      return 500
  }
}

interface Body {
  email?: unknown
  role?: unknown
  organisation_id?: unknown
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: HEADERS })
  if (req.method !== 'POST') return refuse(405, 'method_not_allowed')
  const authorization = req.headers.get('authorization')
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1]
  if (!token) return refuse(401, 'not_signed_in')
  const url = Deno.env.get('SUPABASE_URL') ?? ''
  const options = { auth: { persistSession: false, autoRefreshToken: false } }
  const caller = createClient(url, publicKey(), {
    ...options,
    global: { headers: { Authorization: `Bearer ${token}` } },
  })
  // A person's session, verified: signature and expiry, not just the claims' look.
  const { data: verified, error: claimsError } = await caller.auth.getClaims(token)
  const claims = verified?.claims
  if (claimsError || !claims?.sub || claims.role !== 'authenticated') {
    return refuse(401, 'not_signed_in')
  }

  let body: Body
  try {
    body = ((await req.json()) ?? {}) as Body
  } catch {
    return refuse(400, 'invalid_request')
  }
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : ''
  const role = typeof body.role === 'string' ? body.role : ''
  const organisation =
    typeof body.organisation_id === 'string' && body.organisation_id ? body.organisation_id : null
  if (!email || !role) return refuse(400, 'invalid_request')

  const { error } = await caller.rpc('invite_to_team', {
    p_email: email,
    p_role: role,
    p_organisation: organisation,
  })
  if (error) {
    const key = [error.message, error.hint].find((k) => /^[a-z_]+$/.test(k ?? '')) ?? ''
    // An unknown role name is refused by Postgres's enum before the function runs.
    if (error.code === '22P02') return refuse(400, 'invite_role_not_allowed')
    if (statusOf(key) !== 500) return refuse(statusOf(key), key)
    if (error.code === '42501') return refuse(403, 'not_allowed')
    if (error.code === 'PGRST301' || error.code === 'PGRST303') return refuse(401, 'not_signed_in')
    console.error(`invite_to_team failed: ${error.code} ${error.message}`)
    return refuse(500, 'invite_failed')
  }

  const admin = createClient(url, secretKey(), options)
  const sent = await admin.auth.admin.inviteUserByEmail(email, {
    redirectTo: `${appUrl()}/inloggen`,
  })
  if (sent.error) {
    // The invitation stays recorded; inviting again sends the mail again.
    console.error(`invite mail failed: ${sent.error.code ?? ''} ${sent.error.message}`)
    const code = sent.error.code ?? ''
    if (code === 'email_exists' || code === 'user_already_exists') {
      return refuse(409, 'already_has_account')
    }
    if (code === 'over_email_send_rate_limit') return refuse(429, 'rate_limited')
    return refuse(502, 'invite_mail_failed')
  }
  return answer(200, { invited: email, user_id: sent.data.user?.id ?? null })
})
