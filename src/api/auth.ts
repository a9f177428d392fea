import type { Session } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, check, unwrap } from './errors'

export type { Session }

export interface SignUpData {
  display_name?: string
  neighbourhood_id?: string | null
}

function redirectTo(): string {
  return `${window.location.origin}/inloggen`
}

/** Sends a mail with a 6-digit code and a magic link. New addresses get an account. */
export async function sendEmailCode(email: string, data?: SignUpData): Promise<void> {
  check(
    await supabase.auth.signInWithOtp({
      email,
      options: { shouldCreateUser: Boolean(data), data: data ?? {}, emailRedirectTo: redirectTo() },
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
): Promise<Session | null> {
  return unwrap(
    await supabase.auth.signUp({
      email,
      password,
      options: { data: { ...data }, emailRedirectTo: redirectTo() },
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

export function onAuthChange(callback: (session: Session | null) => void): () => void {
  const { data } = supabase.auth.onAuthStateChange((_event, session) => callback(session))
  return () => data.subscription.unsubscribe()
}
