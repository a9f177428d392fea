// iCalendar (RFC 5545) for the agenda: one event as an .ics file (the event page) and a buurt's
// agenda as a feed that calendar apps subscribe to (supabase/functions/agenda-ical). Shared by the
// browser and Deno, so it imports nothing.
//
// Why our own: the well-kept generator (ical-generator 11.1.2) could not be added to the shared
// node_modules, and the Edge Function needs the same code. What we need is small: TEXT escaping,
// line folding at 75 octets, times in Europe/Amsterdam with its VTIMEZONE, CRLF line ends.
// src/lib/ical.test.ts checks each against the RFC.

export const TIME_ZONE = 'Europe/Amsterdam'

export interface CalendarEvent {
  /** Stable over time (the event's id), so an app updates the event instead of doubling it. */
  uid: string
  start: string | Date
  end: string | Date
  summary: string
  description?: string
  /** Public meeting point; a visit's exact address only for someone with a place. */
  location?: string
  url?: string
  cancelled?: boolean
  /** Goes up with each change of time, place or state (RFC 5545 3.8.7.4). */
  sequence?: number
  lastModified?: string | Date
  created?: string | Date
}

export interface CalendarOptions {
  /** X-WR-CALNAME: the name an app shows for a subscribed feed. */
  name?: string
  /** DTSTAMP: when this file was made; default now. */
  stamp?: Date
  /** METHOD:PUBLISH for a single file an app should add. */
  method?: 'PUBLISH'
  /** REFRESH-INTERVAL (RFC 7986) in minutes, for a feed. */
  refreshMinutes?: number
}

const PROD_ID = '-//Pact Woensel Zuid//Emmer agenda//NL'

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return (
    value
      // Control characters other than tab and newlines are not allowed in a content line.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
  )
}

const encoder = new TextEncoder()

/**
 * Folds one content line so no line is longer than 75 octets (RFC 5545 3.1): the rest goes on
 * lines that start with one space. A UTF-8 character is never split across lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = encoder.encode(char).length
    if (octets + size > limit) {
      parts.push(current)
      current = ' '
      octets = 1
      limit = 75
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n')
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** UTC date-time form: 20261209T180000Z. */
export function utcStamp(at: string | Date): string {
  const d = new Date(at)
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  )
}

const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** Local time in Europe/Amsterdam, for a TZID-bound date-time: 20261209T190000. */
export function amsterdamTime(at: string | Date): string {
  const parts = Object.fromEntries(
    amsterdam.formatToParts(new Date(at)).map((p) => [p.type, p.value]),
  ) as Record<string, string>
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`
}

/**
 * Europe/Amsterdam since 1996: summer time from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC (the EU rule). Every event is after 1996, so these two rules are
 * the whole zone; ical.test.ts checks them against the platform's time zone data.
 */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  `X-LIC-LOCATION:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

function eventLines(event: CalendarEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${TIME_ZONE}:${amsterdamTime(event.start)}`,
    `DTEND;TZID=${TIME_ZONE}:${amsterdamTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ]
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
  // URI values are not TEXT: no escaping, but nothing that could end the line either.
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`)
  lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`)
  lines.push(`SEQUENCE:${Math.max(0, Math.floor(event.sequence ?? 0))}`)
  if (event.created) lines.push(`CREATED:${utcStamp(event.created)}`)
  if (event.lastModified) lines.push(`LAST-MODIFIED:${utcStamp(event.lastModified)}`)
  lines.push('END:VEVENT')
  return lines
}

/** A whole VCALENDAR with CRLF line ends and folded lines. */
export function calendar(events: CalendarEvent[], options: CalendarOptions = {}): string {
  const stamp = utcStamp(options.stamp ?? new Date())
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PROD_ID}`, 'CALSCALE:GREGORIAN']
  if (options.method) lines.push(`METHOD:${options.method}`)
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`)
  lines.push(`X-WR-TIMEZONE:${TIME_ZONE}`)
  if (options.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshMinutes}M`)
    lines.push(`X-PUBLISHED-TTL:PT${options.refreshMinutes}M`)
  }
  lines.push(...VTIMEZONE)
  for (const event of events) lines.push(...eventLines(event, stamp))
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

/**
 * How many times an event changed, as SEQUENCE: the seconds between its creation and its last
 * change of time, place or state. It only goes up, which is all RFC 5545 asks.
 */
export function sequenceOf(createdAt: string, changedAt: string | null | undefined): number {
  if (!changedAt) return 0
  return Math.max(0, Math.floor((Date.parse(changedAt) - Date.parse(createdAt)) / 1000))
}
