import Hypher from 'hypher'
import nl from 'hyphenation.nl'

// Syllables, not typographic break points: allow a break after the first and before the last
// letter ("i-dee"), which the patterns' defaults (2/2) would forbid.
const hypher = new Hypher({ ...nl, leftmin: 1, rightmin: 1 })

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

export interface Readability {
  /** Flesch-Douma score: higher is easier; B1 texts score about 60 and up. */
  score: number
  words: number
  sentences: number
  longestSentence: number
  level: 'easy' | 'ok' | 'hard'
}

export function countSyllables(word: string): number {
  const letters = word.toLowerCase().replace(/[^\p{L}]/gu, '')
  if (!letters) return 0
  return letters
    .split('-')
    .map((part) => hypher.hyphenate(part).length)
    .reduce((a, b) => a + b, 0)
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => WORD.test(s) && (WORD.lastIndex = 0) === 0)
}

/**
 * Flesch-Douma, the Dutch Flesch reading ease:
 * 206.84 − 0.77 × syllables per 100 words − 0.93 × words per sentence.
 * A hint for the writer; it never blocks anything.
 */
export function readability(text: string): Readability | null {
  const sentences = splitSentences(text)
  const perSentence = sentences.map((s) => s.match(WORD) ?? [])
  const words = perSentence.flat()
  if (words.length === 0) return null
  const syllables = words.reduce((sum, w) => sum + countSyllables(w), 0)
  const score =
    206.84 - 0.77 * ((syllables / words.length) * 100) - 0.93 * (words.length / sentences.length)
  const rounded = Math.round(score)
  return {
    score: rounded,
    words: words.length,
    sentences: sentences.length,
    longestSentence: Math.max(...perSentence.map((w) => w.length)),
    level: rounded >= 60 ? 'easy' : rounded >= 40 ? 'ok' : 'hard',
  }
}
