declare module 'hypher' {
  interface HypherLanguage {
    id?: string
    leftmin: number
    rightmin: number
    patterns: Record<number, string>
    exceptions?: string
  }
  export default class Hypher {
    constructor(language: HypherLanguage)
    hyphenate(word: string): string[]
  }
}

declare module 'hyphenation.nl' {
  const nl: {
    id: string
    leftmin: number
    rightmin: number
    patterns: Record<number, string>
    exceptions?: string
  }
  export default nl
}
