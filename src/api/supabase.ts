import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

// The well-known publishable key of Supabase's local stack; public by design and only valid
// locally. Production builds set VITE_SUPABASE_URL and VITE_SUPABASE_PUBLISHABLE_KEY (a project
// that still uses the legacy JWT keys sets VITE_SUPABASE_ANON_KEY instead).
const LOCAL_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'

export const supabaseUrl = import.meta.env.VITE_SUPABASE_URL ?? 'http://127.0.0.1:54321'
/** The key the app sends as `apikey`: the publishable key, or a legacy project's anon key. */
export const publishableKey: string =
  import.meta.env.VITE_SUPABASE_PUBLISHABLE_KEY ??
  import.meta.env.VITE_SUPABASE_ANON_KEY ??
  LOCAL_PUBLISHABLE_KEY

export type ApiClient = SupabaseClient<Database>

/**
 * The only Supabase client of the app: every query goes through src/api/*, and each module reads
 * this binding at the moment it calls, so what `setApiClient` sets is what they use.
 */
export let supabase: ApiClient = createClient<Database>(supabaseUrl, publishableKey, {
  // PKCE: a magic link brings back a one-time code that only this browser can trade for a
  // session, so no token ever travels in a URL. The code typed from the mail works everywhere.
  auth: {
    flowType: 'pkce',
    persistSession: true,
    autoRefreshToken: true,
    detectSessionInUrl: true,
  },
})

/**
 * Points every src/api module at another client. The app never calls this; integration tests do
 * (tests/support/app.ts), with a client of their own stack signed in as a test person, so they
 * call the very functions the app calls.
 */
export function setApiClient(client: ApiClient): void {
  supabase = client
}
