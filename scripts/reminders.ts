// `npm run reminders`: sends the reminders for tomorrow's events now, by calling their Edge Function
// (supabase/functions/reminders) as Supabase Cron does every hour: with the project's secret key.
// Locally the defaults reach the running stack (`npm run stack`); for a hosted project set
// SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (or a secret key, sb_secret_…).
import { pathToFileURL } from 'node:url'
import { createClient } from '@supabase/supabase-js'
import { SERVICE_ROLE_KEY } from '../supabase/local/keys.ts'

interface Options {
  apiUrl?: string
  serviceRoleKey?: string
  log?: (line: string) => void
}

export interface ReminderRun {
  sent: string[]
  failed: string[]
}

export async function runReminders(options: Options = {}): Promise<ReminderRun> {
  const apiUrl = options.apiUrl ?? process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321'
  const key = options.serviceRoleKey ?? process.env.SUPABASE_SERVICE_ROLE_KEY ?? SERVICE_ROLE_KEY
  const log = options.log ?? ((line: string) => console.log(line))
  const supabase = createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  const { data, error } = await supabase.functions.invoke<ReminderRun>('reminders')
  if (error) {
    const res = (error as { context?: Response }).context
    throw new Error(
      `The reminders function failed: ${error.message}${res ? ` (${res.status} ${await res.text()})` : ''}`,
    )
  }
  const run = data!
  for (const to of run.sent) log(`reminder sent to ${to}`)
  for (const to of run.failed) log(`reminder to ${to} failed; it is tried again on the next run`)
  if (run.sent.length + run.failed.length === 0) log('no reminders due')
  return run
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runReminders()
    .then((run) => process.exit(run.failed.length ? 1 : 0))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e)
      process.exit(1)
    })
}
