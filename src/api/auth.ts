import type { Session } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, check, unwrap } from './errors'
import { safeNext } from '@/lib/safeNext'

export type { Session }

export interface SignUpData {
  display_name?: string
  neighbourhood_id?: string | null
}

/** The magic link lands on the sign-in page, which sends the person on to `next`. */
function redirectTo(next?: string | null): string {
  const url = new URL('/inloggen', window.location.origin)
  const path = safeNext(next)
  if (path) url.searchParams.set('next', path)
  return url.toString()
}

/**
 * Sends a mail with a 6-digit code and a magic link. New addresses get an account. The link
 * brings the person back to `next` (a path in the app), like the code does.
 */
export async function sendEmailCode(
  email: string,
  data?: SignUpData,
  next?: string | null,
): Promise<void> {
  check(
    await supabase.auth.signInWithOtp({
      email,
      options: {
        shouldCreateUser: Boolean(data),
        data: data ?? {},
        emailRedirectTo: redirectTo(next),
      },
    }),
  )
}

export async function verifyEmailCode(email: string, token: string): Promise<Session | null> {
  return unwrap(await supabase.auth.verifyOtp({ email, token, type: 'email' })).session
}

export async function signInWithPassword(email: string, password: string): Promise<Session> {
  const { data, error } = await supabase.auth.signInWithPassword({ email, password })
  check({ error })
  if (!data.session) throw new ApiError('unknown')
  return data.session
}

export async function signUpWithPassword(
  email: string,
  password: string,
  data: SignUpData,
  next?: string | null,
): Promise<Session | null> {
  return unwrap(
    await supabase.auth.signUp({
      email,
      password,
      options: { data: { ...data }, emailRedirectTo: redirectTo(next) },
    }),
  ).session
}

export async function signOut(): Promise<void> {
  check(await supabase.auth.signOut())
}

export async function getSession(): Promise<Session | null> {
  const { data } = await supabase.auth.getSession()
  return data.session
}

/** The claims of a session's access token that the app reads (the rest stays unread). */
export interface Claims {
  sub: string
  aal?: 'aal1' | 'aal2'
}

/**
 * The access token's claims, verified: with the project's signing key (ES256), auth-js checks the
 * signature against /auth/v1/.well-known/jwks.json without a round trip per call; with a legacy
 * HS256 token it asks Auth. Null when the token does not verify.
 */
export async function getClaims(session: Session): Promise<Claims | null> {
  const { data, error } = await supabase.auth.getClaims(session.access_token)
  if (error || !data) return null
  const { sub } = data.claims
  const aal: string | undefined = data.claims.aal
  return { sub, aal: aal === 'aal1' ? 'aal1' : aal === 'aal2' ? 'aal2' : undefined }
}

export function onAuthChange(callback: (session: Session | null) => void): () => void {
  const { data } = supabase.auth.onAuthStateChange((_event, session) => callback(session))
  return () => data.subscription.unsubscribe()
}
