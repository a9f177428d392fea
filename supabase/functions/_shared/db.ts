// One Postgres connection per run, as the database's owner (SUPABASE_DB_URL, which hosted
// Supabase and the local stack give every function).
import pg from 'npm:pg@8.23.1'

export type Db = pg.Client

export async function connect(): Promise<pg.Client> {
  const url = Deno.env.get('SUPABASE_DB_URL')
  if (!url) throw new Error('SUPABASE_DB_URL is not set')
  const client = new pg.Client({ connectionString: url, application_name: 'emmer-mail' })
  await client.connect()
  return client
}

/** The app's address for links in mails (a secret; the local stack sets its site URL). */
export function appUrl(): string {
  return (Deno.env.get('APP_URL') ?? 'http://127.0.0.1:5173').replace(/\/$/, '')
}

/**
 * The area this Emmer serves (public.area_settings, one row): every mail names it, so an area that
 * takes Emmer into use sends its own name, never Woensel-Zuid's.
 */
export async function areaName(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ area_name: string }>(
    'select area_name from public.area_settings limit 1',
  )
  return rows[0]?.area_name ?? ''
}

/** Records a failed send; the person or answer is tried again on the next run. */
export async function logFailure(
  db: pg.Client,
  kind: 'digest' | 'answer' | 'reminder' | 'contact',
  userId: string,
  e: unknown,
) {
  const message = e instanceof Error ? e.message : String(e)
  await db.query('insert into private.mail_log (kind, user_id, error) values ($1, $2, $3)', [
    kind,
    userId,
    message.slice(0, 2000),
  ])
  console.error(`${kind} mail to ${userId} failed: ${message}`)
}
