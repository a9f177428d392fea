import type { Session } from '@supabase/supabase-js'
import type { Claims } from './auth'
import { supabase } from './supabase'
import { check, toApiError, unwrap } from './errors'

/**
 * The second factor (TOTP from an authenticator app). Auth keeps the factors and puts `aal` in
 * the token; Postgres asks for aal2 for admin powers, and for a moderator's once they enrolled.
 * Recovery codes and removal by another admin are Postgres functions.
 */

export interface Assurance {
  /** aal2 once the code from the app was checked in this session. */
  current: 'aal1' | 'aal2' | null
  /** aal2 when the person has a verified factor. */
  next: 'aal1' | 'aal2' | null
}

export interface Enrolment {
  factorId: string
  /** An SVG data URI, for an <img>. */
  qrCode: string
  /** The secret as text, for typing into an app that cannot scan. */
  secret: string
}

/**
 * The session's level, as auth-js's getAuthenticatorAssuranceLevel() reads it: `aal` from the
 * token's verified claims (getClaims() in the session store) and the user's verified factors.
 */
export function assuranceOf(session: Session | null, claims: Claims | null): Assurance {
  if (!session) return { current: null, next: null }
  const current = claims?.aal ?? null
  const verified = session.user.factors?.some((f) => f.status === 'verified') ?? false
  return { current, next: verified ? 'aal2' : current }
}

/** The verified TOTP factor's id, if the person has one. */
export async function verifiedTotpFactorId(): Promise<string | null> {
  const { data, error } = await supabase.auth.mfa.listFactors()
  if (error) throw toApiError(error)
  return data.totp[0]?.id ?? null
}

/** Starts enrolment: a new factor, with its QR code and secret. Earlier unfinished tries go. */
export async function enrollTotp(): Promise<Enrolment> {
  const { data: listed, error: listError } = await supabase.auth.mfa.listFactors()
  if (listError) throw toApiError(listError)
  for (const f of listed.all.filter((f) => f.status === 'unverified')) {
    check(await supabase.auth.mfa.unenroll({ factorId: f.id }))
  }
  const data = unwrap(await supabase.auth.mfa.enroll({ factorType: 'totp', issuer: 'Emmer' }))
  return { factorId: data.id, qrCode: data.totp.qr_code, secret: data.totp.secret }
}

/** Checks a code from the app; the session is at aal2 afterwards. */
export async function verifyTotp(factorId: string, code: string): Promise<void> {
  check(await supabase.auth.mfa.challengeAndVerify({ factorId, code }))
}

/** Removes the person's own factor (Auth asks for aal2). */
export async function removeOwnFactor(factorId: string): Promise<void> {
  check(await supabase.auth.mfa.unenroll({ factorId }))
}

/** Ten new recovery codes, right after enrolment: the only time they can be shown. */
export async function createRecoveryCodes(): Promise<string[]> {
  return unwrap(await supabase.rpc('create_recovery_codes'))
}

/** Without the phone: spends a recovery code; the person's factors are removed. */
export async function spendRecoveryCode(code: string): Promise<void> {
  check(await supabase.rpc('use_recovery_code', { code: code.trim() }))
  // The factor list in the session comes from Auth: fetch it again.
  await supabase.auth.refreshSession()
}

/** Admin: removes another person's second factor after they lost their phone. */
export async function adminRemoveSecondFactor(profileId: string): Promise<void> {
  check(await supabase.rpc('admin_remove_second_factor', { profile_id: profileId }))
}

/** Admin: which of these people have a second factor. */
export async function adminSecondFactors(profileIds: string[]): Promise<Set<string>> {
  if (profileIds.length === 0) return new Set()
  const rows = unwrap(await supabase.rpc('admin_second_factors', { profile_ids: profileIds }))
  return new Set(rows.filter((r) => r.has_factor).map((r) => r.profile_id))
}
