// How the app reads the function's refusals: the JSON key goes through the one error map. The
// function itself is tested on the real stack (tests/stack/invite-function.test.ts); here only
// the answer it gives is stood in for, as a real Response in supabase-js's own error class.
import { FunctionsFetchError, FunctionsHttpError } from '@supabase/supabase-js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, errorKey } from './errors'
import { inviteTeamMember } from './invites'

const invoke = vi.hoisted(() => vi.fn())
vi.mock('./supabase', () => ({ supabase: { functions: { invoke } } }))

function refusedWith(status: number, body: unknown) {
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
  return { data: null, error: new FunctionsHttpError(res) }
}

async function failure(): Promise<ApiError> {
  try {
    await inviteTeamMember('a@example.test', 'moderator', null)
  } catch (e) {
    return e as ApiError
  }
  throw new Error('no error')
}

describe('inviteTeamMember', () => {
  beforeEach(() => invoke.mockReset())

  it('sends the address trimmed, the role and the organisation', async () => {
    invoke.mockResolvedValue({ data: { invited: 'p@example.test' }, error: null })
    await inviteTeamMember(' p@example.test ', 'partner', 'org-1')
    expect(invoke).toHaveBeenCalledWith('invite-team-member', {
      body: { email: 'p@example.test', role: 'partner', organisation_id: 'org-1' },
    })
  })

  it.each([
    [403, 'second_factor_required', 'errors.secondFactorRequired'],
    [403, 'not_allowed', 'errors.notAllowed'],
    [401, 'not_signed_in', 'errors.signInNeeded'],
    [400, 'invalid_email', 'errors.emailInvalid'],
    [400, 'invite_organisation_mismatch', 'errors.inviteNeedsOrganisation'],
    [409, 'already_has_account', 'errors.emailTaken'],
    [502, 'invite_mail_failed', 'errors.inviteMailFailed'],
  ])('maps a %i with %s to %s', async (status, key, text) => {
    invoke.mockResolvedValue(refusedWith(status, { error: key }))
    const e = await failure()
    expect(e).toBeInstanceOf(ApiError)
    expect(errorKey(e)).toBe(text)
  })

  it('falls back on the status when the body says nothing', async () => {
    invoke.mockResolvedValue({
      data: null,
      error: new FunctionsHttpError(new Response('', { status: 401 })),
    })
    expect(errorKey(await failure())).toBe('errors.signInNeeded')
  })

  it('calls a network failure offline', async () => {
    invoke.mockResolvedValue({
      data: null,
      error: new FunctionsFetchError(new TypeError('Failed to fetch')),
    })
    expect(errorKey(await failure())).toBe('errors.offline')
  })
})
