import type { Session } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, check, unwrap } from './errors'
import { safeNext } from '@/lib/safeNext'

export type { Session }

/** The magic link lands on the sign-in page, which sends the person on to `next`. */
function redirectTo(next?: string | null): string {
  const url = new URL('/inloggen', window.location.origin)
  const path = safeNext(next)
  if (path) url.searchParams.set('next', path)
  return url.toString()
}

/**
 * Sends a mail with a 6-digit code and a magic link, whether or not the address has an account
 * (one way in: a new address gets one, which stays invisible to the team until the code is used
 * and is erased after a day if it never is). The link brings the person back to `next` (a path
 * in the app), like the code does. The client uses the PKCE flow, so the link carries a one-time
 * code that only this browser can use, never a session.
 */
export async function sendEmailCode(
  email: string,
  next?: string | null,
  locale?: string,
): Promise<void> {
  check(
    await supabase.auth.signInWithOtp({
      email,
      options: {
        shouldCreateUser: true,
        data: locale ? { locale } : {},
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

/**
 * A session from the hash of a link that Auth answered in the implicit flow (an invite from the
 * team: GoTrue's invites carry no code challenge). The PKCE client does not read such a hash
 * itself, so the sign-in page hands it over; the hash is then removed from the address bar.
 */
export async function sessionFromHash(hash: string): Promise<boolean> {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const access = params.get('access_token')
  const refresh = params.get('refresh_token')
  if (!access || !refresh) return false
  window.history.replaceState(
    window.history.state,
    '',
    window.location.pathname + window.location.search,
  )
  check(await supabase.auth.setSession({ access_token: access, refresh_token: refresh }))
  return true
}

/**
 * A new person chose the name others see (and maybe their buurt). The name also goes into the
 * account's metadata: that is how the sign-in page knows the person has chosen one.
 */
export async function chooseName(
  userId: string,
  name: string,
  neighbourhoodId: string | null,
): Promise<void> {
  check(
    await supabase
      .from('profiles')
      .update({ display_name: name, neighbourhood_id: neighbourhoodId })
      .eq('id', userId),
  )
  check(await supabase.auth.updateUser({ data: { display_name: name } }))
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
