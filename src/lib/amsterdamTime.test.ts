import { describe, expect, it } from 'vitest'
import { amsterdamToIso, isoToAmsterdam } from './amsterdamTime'

describe('Amsterdam wall-clock times', () => {
  it('reads winter and summer time as Amsterdam does', () => {
    expect(amsterdamToIso('2026-12-09T19:30')).toBe('2026-12-09T18:30:00.000Z')
    expect(amsterdamToIso('2026-07-01T10:00')).toBe('2026-07-01T08:00:00.000Z')
  })
  it('goes back to the same wall clock', () => {
    for (const local of ['2026-12-09T19:30', '2026-03-29T03:30', '2026-10-25T01:15'])
      expect(isoToAmsterdam(amsterdamToIso(local)!)).toBe(local)
  })
  it('refuses what is not a date and time', () => {
    expect(amsterdamToIso('')).toBeNull()
    expect(amsterdamToIso('morgen')).toBeNull()
  })
})
