import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { amsterdamTime, calendar, escapeText, foldLine, sequenceOf, utcStamp } from './ical'
import { parseIcal, prop, vevents } from './icalParse'

const base = {
  uid: 'event-1@emmer',
  start: '2026-12-09T18:00:00Z',
  end: '2026-12-09T20:00:00Z',
  summary: 'Koffie',
}
const stamp = new Date('2026-12-02T12:00:00Z')
const octets = (s: string) => new TextEncoder().encode(s).length

describe('escaping (RFC 5545 3.3.11)', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng')
  })

  it('drops control characters a content line may not hold, keeps tabs', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td')
  })

  it('a text with all of them reads back as typed', () => {
    const typed = 'Koffie; thee, en \\ taart\nOp het plein'
    const cal = parseIcal(calendar([{ ...base, summary: typed, description: typed }], { stamp }))
    const [event] = vevents(cal)
    expect(prop(event, 'SUMMARY')).toBe(typed)
    expect(prop(event, 'DESCRIPTION')).toBe(typed)
  })
})

describe('folding at 75 octets (RFC 5545 3.1)', () => {
  it('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:Koffie')).toBe('SUMMARY:Koffie')
  })

  it('breaks a long line into 75-octet lines that go on with one space', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`
    const lines = foldLine(line).split('\r\n')
    expect(lines[0]).toHaveLength(75)
    expect(lines.slice(1).every((l) => l.startsWith(' ') && octets(l) <= 75)).toBe(true)
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line)
  })

  it('counts octets, not characters, and never splits a character', () => {
    const line = `SUMMARY:${'قهوة في الحديقة 🌱 kawa w ogrodzie żółć '.repeat(6)}`
    const lines = foldLine(line).split('\r\n')
    expect(lines.length).toBeGreaterThan(3)
    const strict = new TextDecoder('utf-8', { fatal: true })
    for (const l of lines) {
      expect(octets(l)).toBeLessThanOrEqual(75)
      // Each line on its own is whole UTF-8: no character was cut in two.
      expect(strict.decode(new TextEncoder().encode(l))).toBe(l)
    }
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line)
  })

  it('a line or paragraph separator (U+2028, U+2029) in the text comes back as typed', () => {
    for (const typed of ['a\u2028b', '\u2029']) {
      const [event] = vevents(parseIcal(calendar([{ ...base, summary: typed }], { stamp })))
      expect(prop(event, 'SUMMARY')).toBe(typed)
    }
  })

  it('any text survives escaping and folding and comes back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (typed) => {
        const ics = calendar([{ ...base, summary: typed || 'x', description: typed }], { stamp })
        for (const line of ics.slice(0, -2).split('\r\n')) {
          expect(octets(line)).toBeLessThanOrEqual(75)
        }
        const [event] = vevents(parseIcal(ics))
        // What comes back: the same text, without control characters, every newline as \n.
        const clean = (x: string) =>
          x.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
        expect(prop(event, 'SUMMARY')).toBe(clean(typed || 'x'))
        expect(prop(event, 'DESCRIPTION') ?? '').toBe(clean(typed))
      }),
      { numRuns: 300 },
    )
  })
})

describe('times in Europe/Amsterdam', () => {
  it('writes local time with TZID, one hour ahead in winter and two in summer', () => {
    expect(amsterdamTime('2026-12-09T18:00:00Z')).toBe('20261209T190000')
    expect(amsterdamTime('2026-07-01T08:00:00Z')).toBe('20260701T100000')
    const [event] = vevents(parseIcal(calendar([base], { stamp })))
    const start = event.props.find((p) => p.name === 'DTSTART')!
    expect(start).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Europe/Amsterdam' },
      value: '20261209T190000',
    })
    expect(event.props.find((p) => p.name === 'DTEND')?.value).toBe('20261209T210000')
    expect(prop(event, 'DTSTAMP')).toBe('20261202T120000Z')
  })

  it('jumps at the change to summer time and back (2026: 29 March and 25 October)', () => {
    expect(amsterdamTime('2026-03-29T00:59:00Z')).toBe('20260329T015900')
    expect(amsterdamTime('2026-03-29T01:00:00Z')).toBe('20260329T030000')
    expect(amsterdamTime('2026-10-25T00:30:00Z')).toBe('20261025T023000')
    expect(amsterdamTime('2026-10-25T01:30:00Z')).toBe('20261025T023000')
    expect(amsterdamTime('2026-10-25T02:00:00Z')).toBe('20261025T030000')
  })

  it('the VTIMEZONE rules match the platform’s zone data for 2000–2060', () => {
    const cal = parseIcal(calendar([base], { stamp }))
    const zone = cal.children.find((c) => c.type === 'VTIMEZONE')!
    expect(prop(zone, 'TZID')).toBe('Europe/Amsterdam')
    const daylight = zone.children.find((c) => c.type === 'DAYLIGHT')!
    const standard = zone.children.find((c) => c.type === 'STANDARD')!
    expect(prop(daylight, 'RRULE')).toBe('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU')
    expect(prop(standard, 'RRULE')).toBe('FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU')
    const lastSunday = (year: number, month: number) => {
      const d = new Date(Date.UTC(year, month + 1, 0))
      return d.getUTCDate() - d.getUTCDay()
    }
    // Offset in hours at an instant, from the local time we write.
    const offset = (ms: number) => {
      const local = amsterdamTime(new Date(ms))
      const asUtc = Date.UTC(
        Number(local.slice(0, 4)),
        Number(local.slice(4, 6)) - 1,
        Number(local.slice(6, 8)),
        Number(local.slice(9, 11)),
        Number(local.slice(11, 13)),
      )
      return (asUtc - Math.floor(ms / 60_000) * 60_000) / 3_600_000
    }
    for (let year = 2000; year <= 2060; year++) {
      // DAYLIGHT starts at 02:00 local (+01:00), STANDARD at 03:00 local (+02:00): both 01:00 UTC.
      const spring = Date.UTC(year, 2, lastSunday(year, 2), 1)
      const autumn = Date.UTC(year, 9, lastSunday(year, 9), 1)
      expect([offset(spring - 60_000), offset(spring)]).toEqual([1, 2])
      expect([offset(autumn - 60_000), offset(autumn)]).toEqual([2, 1])
      expect(offset(Date.UTC(year, 0, 15))).toBe(1)
      expect(offset(Date.UTC(year, 6, 15))).toBe(2)
    }
  })
})

describe('the calendar', () => {
  it('is CRLF throughout, with VERSION, PRODID, UID, DTSTAMP and one VTIMEZONE', () => {
    const ics = calendar([base, { ...base, uid: 'event-2@emmer' }], { stamp, name: 'Agenda' })
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const cal = parseIcal(ics)
    expect(cal.type).toBe('VCALENDAR')
    expect(prop(cal, 'VERSION')).toBe('2.0')
    expect(prop(cal, 'PRODID')).toBeTruthy()
    expect(prop(cal, 'X-WR-CALNAME')).toBe('Agenda')
    expect(cal.children.filter((c) => c.type === 'VTIMEZONE')).toHaveLength(1)
    expect(vevents(cal).map((e) => prop(e, 'UID'))).toEqual(['event-1@emmer', 'event-2@emmer'])
  })

  it('says CANCELLED for a cancelled event and CONFIRMED otherwise, with its sequence', () => {
    const cal = parseIcal(
      calendar(
        [
          { ...base, cancelled: true, sequence: 42 },
          { ...base, uid: 'b', location: 'Bij het hek', url: 'https://emmer.test/agenda/b' },
        ],
        { stamp },
      ),
    )
    const [gone, held] = vevents(cal)
    expect(prop(gone, 'STATUS')).toBe('CANCELLED')
    expect(prop(gone, 'SEQUENCE')).toBe('42')
    expect(prop(gone, 'LOCATION')).toBeUndefined()
    expect(prop(held, 'STATUS')).toBe('CONFIRMED')
    expect(prop(held, 'LOCATION')).toBe('Bij het hek')
    expect(prop(held, 'URL')).toBe('https://emmer.test/agenda/b')
  })

  it('SEQUENCE only goes up with each change', () => {
    const created = '2026-12-01T10:00:00Z'
    expect(sequenceOf(created, null)).toBe(0)
    const first = sequenceOf(created, '2026-12-01T10:05:00Z')
    const second = sequenceOf(created, '2026-12-03T08:00:00Z')
    expect(first).toBeGreaterThan(0)
    expect(second).toBeGreaterThan(first)
    expect(utcStamp('2026-12-01T10:05:07.9Z')).toBe('20261201T100507Z')
  })
})
