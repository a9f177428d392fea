import { describe, expect, it } from 'vitest'
import { countSyllables, readability } from './readability'

describe('readability (Flesch-Douma)', () => {
  it('counts Dutch syllables with the hyphenation patterns', () => {
    expect(countSyllables('wandelen')).toBe(3)
    expect(countSyllables('buurt')).toBe(1)
    expect(countSyllables('speeltuin')).toBe(2)
  })

  it('scores plain B1 sentences as easy to read', () => {
    const b1 = readability('We lezen je idee binnen 2 weken. Dan hoor je wat we gaan doen.')
    expect(b1?.level).toBe('easy')
    expect(b1?.score).toBeGreaterThan(70)
    expect(readability('Je idee staat in de emmer. Buren kunnen erop stemmen.')?.level).toBe('easy')
  })

  it('scores a bureaucratic sentence as hard to read', () => {
    const letter = readability(
      'Uw inzending wordt na ontvangst door de betreffende afdeling beoordeeld op haalbaarheid, ' +
        'waarna u middels een schriftelijke terugkoppeling geïnformeerd wordt over de ' +
        'vervolgprocedure inzake de participatiemogelijkheden.',
    )
    expect(letter?.level).toBe('hard')
    expect(letter?.score).toBeLessThan(20)
    expect(letter?.longestSentence).toBeGreaterThan(15)
  })

  it('gives no score for empty text', () => {
    expect(readability('   ')).toBeNull()
  })
})
