import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

// The well-known anon key of Supabase's local stack; public by design and only valid locally.
// Production builds set VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY.
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

export const supabaseUrl = import.meta.env.VITE_SUPABASE_URL ?? 'http://127.0.0.1:54321'
export const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY ?? LOCAL_ANON_KEY

/** The only Supabase client of the app: every query goes through src/api/*. */
export const supabase = createClient<Database>(supabaseUrl, anonKey, {
  auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
})
