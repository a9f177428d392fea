import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

// The well-known publishable key of Supabase's local stack; public by design and only valid
// locally. Production builds set VITE_SUPABASE_URL and VITE_SUPABASE_PUBLISHABLE_KEY (a project
// that still uses the legacy JWT keys sets VITE_SUPABASE_ANON_KEY instead).
const LOCAL_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'

export const supabaseUrl = import.meta.env.VITE_SUPABASE_URL ?? 'http://127.0.0.1:54321'
const publishableKey =
  import.meta.env.VITE_SUPABASE_PUBLISHABLE_KEY ??
  import.meta.env.VITE_SUPABASE_ANON_KEY ??
  LOCAL_PUBLISHABLE_KEY

/** The only Supabase client of the app: every query goes through src/api/*. */
export const supabase = createClient<Database>(supabaseUrl, publishableKey, {
  // PKCE: a magic link brings back a one-time code that only this browser can trade for a
  // session, so no token ever travels in a URL. The code typed from the mail works everywhere.
  auth: {
    flowType: 'pkce',
    persistSession: true,
    autoRefreshToken: true,
    detectSessionInUrl: true,
  },
})
