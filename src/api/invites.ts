import { FunctionsFetchError, FunctionsHttpError } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, toApiError } from './errors'

/** Who an admin may invite by e-mail; admins are appointed in the people list. */
export type InviteRole = 'moderator' | 'partner'

/**
 * Invites a moderator or a partner's contact person by e-mail (the Edge Function
 * invite-team-member). Postgres decides first (admins at aal2 only); then Auth sends the mail.
 * A refusal carries the database's key (`{ error: 'second_factor_required' }`), mapped to a text
 * through the one error map in errors.ts.
 */
export async function inviteTeamMember(
  email: string,
  role: InviteRole,
  organisationId: string | null,
): Promise<void> {
  const { error } = await supabase.functions.invoke('invite-team-member', {
    body: { email: email.trim(), role, organisation_id: organisationId },
  })
  if (!error) return
  if (error instanceof FunctionsHttpError) {
    const res = error.context as Response
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null
    const key = typeof body?.error === 'string' ? body.error : ''
    throw toApiError({ message: key, hint: key, status: res.status })
  }
  // The request never reached the function (its message names no network error).
  if (error instanceof FunctionsFetchError) throw new ApiError('offline', undefined, error)
  throw toApiError(error)
}
