// The agenda's times are wall-clock times in Europe/Amsterdam, whatever the device's own zone is:
// an <input type="datetime-local"> value ("2026-12-09T19:30") is read as Amsterdam time.
const ZONE = 'Europe/Amsterdam'

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** Amsterdam's wall clock at `ms`, as if it were UTC (milliseconds). */
function wallClock(ms: number): number {
  const p = Object.fromEntries(parts.formatToParts(ms).map((x) => [x.type, x.value]))
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second)
}

/** "2026-12-09T19:30" in Amsterdam → an ISO instant; null for an empty or broken value. */
export function amsterdamToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return null
  const wanted = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])
  // The offset at a first guess, then again at the result (across a change of summer time).
  let ms = wanted - (wallClock(wanted) - wanted)
  ms = wanted - (wallClock(ms) - ms)
  return new Date(ms).toISOString()
}

/** An instant → "2026-12-09T19:30" on Amsterdam's clock, for a datetime-local input. */
export function isoToAmsterdam(iso: string): string {
  return new Date(wallClock(Date.parse(iso))).toISOString().slice(0, 16)
}
