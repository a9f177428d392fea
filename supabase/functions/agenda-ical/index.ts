// A buurt's agenda as an iCal feed (RFC 5545) that calendar apps subscribe to:
//   GET /functions/v1/agenda-ical?buurt=<slug>[&lang=nl|en|tr|ar|pl]
// Public (verify_jwt = false in config.toml): calendar apps send no key. It reads the agenda
// through PostgREST with the publishable key, as a visitor: the events policies leave out hidden
// events, and a visitor may not read event_addresses or event_signups at all, so no private
// address and no name can end up in the feed, whatever this code asks for.
import { createClient } from 'npm:@supabase/supabase-js@2.119.1'
import { calendar, sequenceOf, type CalendarEvent } from '../../../src/lib/ical.ts'
import { asLocale, text } from '../_shared/texts.ts'

/** Upcoming events and those of the last weeks (an app keeps what it already has). */
const RECENT_DAYS = 60
const MAX_EVENTS = 500

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
}

function plain(status: number, message: string): Response {
  return new Response(message + '\n', {
    status,
    headers: { ...CORS, 'content-type': 'text/plain; charset=utf-8' },
  })
}

/** The publishable (or legacy anon) key: this function reads only what a visitor may. */
function publicKey(): string {
  try {
    const keys = JSON.parse(Deno.env.get('SUPABASE_PUBLISHABLE_KEYS') ?? '{}') as Record<
      string,
      string
    >
    if (keys.default) return keys.default
  } catch {
    // Not JSON: fall back to the legacy key.
  }
  return Deno.env.get('SUPABASE_ANON_KEY') ?? ''
}

function appUrl(): string {
  return (Deno.env.get('APP_URL') ?? 'http://127.0.0.1:5173').replace(/\/$/, '')
}

interface EventRow {
  id: string
  title: string
  description: string
  starts_at: string
  ends_at: string
  place: string
  cancelled_at: string | null
  created_at: string
  updated_at: string
  changed_at: string | null
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: CORS })
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method not allowed')
  const params = new URL(req.url).searchParams
  const slug = params.get('buurt') ?? ''
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 100) {
    return plain(400, 'Give a buurt: ?buurt=<slug>, e.g. ?buurt=limbeek-noord')
  }
  const locale = asLocale(params.get('lang'))

  const db = createClient(Deno.env.get('SUPABASE_URL') ?? '', publicKey(), {
    auth: { persistSession: false, autoRefreshToken: false },
  })
  const buurt = await db.from('neighbourhoods').select('id, name').eq('slug', slug).maybeSingle()
  if (buurt.error) {
    console.error(`agenda-ical: ${buurt.error.code} ${buurt.error.message}`)
    return plain(502, 'The agenda could not be read; try again later.')
  }
  if (!buurt.data) return plain(404, `No buurt called ${slug}`)

  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString()
  const events = await db
    .from('events')
    .select(
      'id, title, description, starts_at, ends_at, place, cancelled_at, created_at, updated_at, changed_at',
    )
    .eq('neighbourhood_id', buurt.data.id)
    .gte('ends_at', since)
    .order('starts_at')
    .order('id')
    .limit(MAX_EVENTS)
  if (events.error) {
    console.error(`agenda-ical: ${events.error.code} ${events.error.message}`)
    return plain(502, 'The agenda could not be read; try again later.')
  }

  const app = appUrl()
  const items: CalendarEvent[] = (events.data as EventRow[]).map((e) => {
    const url = `${app}/agenda/${e.id}`
    return {
      uid: `event-${e.id}@emmer`,
      start: e.starts_at,
      end: e.ends_at,
      summary: e.cancelled_at
        ? text(locale, 'calendar.cancelledTitle', { title: e.title })
        : e.title,
      description: `${e.description}\n\n${text(locale, 'calendar.moreInfo', { url })}`,
      location: e.place,
      url,
      cancelled: !!e.cancelled_at,
      sequence: sequenceOf(e.created_at, e.changed_at),
      created: e.created_at,
      lastModified: e.updated_at,
    }
  })
  const body = calendar(items, {
    name: text(locale, 'calendar.feedName', { buurt: buurt.data.name }),
    refreshMinutes: 60,
  })
  return new Response(req.method === 'HEAD' ? null : body, {
    headers: {
      ...CORS,
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="agenda-${slug}.ics"`,
      // Calendar apps poll; a short shared cache spares the database without going stale.
      'cache-control': 'public, max-age=300',
    },
  })
})
