/**
 * A Dutch full-text query for ideas.search (to_tsquery with the 'dutch' config).
 * PostgreSQL's Dutch stemmer leaves diminutive plurals alone ("bankjes" stays "bankjes", while
 * "bankje" becomes "bankj"), so a search for "bankjes" would miss an idea about one "bankje".
 * Each word ending in -je or -jes therefore asks for both forms; all words must match.
 */
export function dutchSearchQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return null
  return words
    .map((w) => {
      if (w.endsWith('jes')) return `(${w} | ${w.slice(0, -1)})`
      if (w.endsWith('je')) return `(${w} | ${w}s)`
      return w
    })
    .join(' & ')
}
