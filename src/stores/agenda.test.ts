import { describe, expect, it } from 'vitest'
import type { AgendaEvent } from '@/api/agenda'
import { applyAgendaMessage, fits } from './agenda'

const now = Date.parse('2026-12-02T12:00:00Z')
function event(id: string, starts: string, overrides: Partial<AgendaEvent> = {}): AgendaEvent {
  return {
    id,
    kind: 'meetup',
    title: `Activiteit ${id}`,
    description: 'Een activiteit in de buurt voor iedereen.',
    starts_at: starts,
    ends_at: new Date(Date.parse(starts) + 7_200_000).toISOString(),
    place: 'Buurthuis',
    neighbourhood_id: 'n1',
    theme_id: null,
    capacity: null,
    languages: ['nl'],
    step_free: false,
    hearing_loop: false,
    childcare: false,
    access_notes: null,
    initiative_id: null,
    attending_count: 0,
    waiting_count: 0,
    cancelled_at: null,
    cancel_reason: null,
    created_at: '2026-11-01T09:00:00Z',
    changed_at: '2026-11-01T09:00:00Z',
    ...overrides,
  }
}
const row = (e: AgendaEvent, isNew: boolean) => ({
  event: 'event' as const,
  row: { ...e, new: isNew, organiser_id: 'never-kept' },
})

describe('applyAgendaMessage', () => {
  const list = [event('a', '2026-12-03T10:00:00Z'), event('c', '2026-12-05T10:00:00Z')]

  it('puts a new event in its place by time and says it is new', () => {
    const b = event('b', '2026-12-04T10:00:00+00:00')
    const { events, added } = applyAgendaMessage(list, row(b, true), {}, now)
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c'])
    expect(added?.id).toBe('b')
    expect(Object.keys(events[1])).not.toContain('organiser_id')
  })

  it('moves a changed time without calling it new', () => {
    const moved = event('a', '2026-12-06T10:00:00Z')
    const { events, added } = applyAgendaMessage(list, row(moved, false), {}, now)
    expect(events.map((e) => e.id)).toEqual(['c', 'a'])
    expect(added).toBeNull()
  })

  it('takes out a hidden event, and one that no longer fits the filters', () => {
    expect(applyAgendaMessage(list, { event: 'gone', id: 'a' }, {}, now).events).toHaveLength(1)
    const elsewhere = event('a', '2026-12-03T10:00:00Z', { neighbourhood_id: 'n2' })
    const result = applyAgendaMessage(list, row(elsewhere, false), { neighbourhoodId: 'n1' }, now)
    expect(result.events.map((e) => e.id)).toEqual(['c'])
  })

  it('leaves out what is over or beyond this week', () => {
    expect(fits(event('x', '2026-12-01T08:00:00Z'), {}, now)).toBe(false)
    expect(fits(event('x', '2026-12-20T08:00:00Z'), { thisWeek: true }, now)).toBe(false)
    expect(fits(event('x', '2026-12-04T08:00:00Z'), { thisWeek: true }, now)).toBe(true)
  })
})
