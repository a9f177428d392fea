// The team's messages, split off the locale files by the production build
// (scripts/precompileMessages.ts) and loaded by src/i18n/index.ts before a team page opens.

type Messages = { [key: string]: string | Messages }

/**
 * The team's namespaces (moderation, admin, partner, the dashboard): about a third of each
 * locale file, which no resident screen shows. The build leaves them out of the locale file and
 * serves them as `locales/xx.json?team`, which src/i18n/index.ts loads before a team, partner or
 * admin page opens (src/router/index.ts).
 */
export const TEAM_NAMESPACES = ['moderation', 'admin', 'dashboard', 'partner'] as const

/**
 * What resident screens use from those namespaces stays in the locale file: the menu links and
 * page titles, the refusal texts that src/api/errors.ts names, the About page's day count and
 * the coalition balance that src/lib/memberCounts.ts counts for.
 * src/i18n/teamMessages.test.ts checks that every key a resident screen names is kept.
 */
export function keptForResidents(key: string): boolean {
  return (
    key.startsWith('moderation.errors.') ||
    /\.(title|navLink|navLabel)$/.test(key) ||
    key === 'dashboard.days' ||
    // src/lib/memberCounts.ts builds its numbers for it, next to the residents' coalition page.
    key === 'moderation.coalitions.balance'
  )
}

/** The messages split in two: what the first load needs, and the team's part. */
export function splitTeamMessages(messages: Messages): { first: Messages; team: Messages } {
  const first: Messages = {}
  const team: Messages = {}
  const walk = (from: Messages, toFirst: Messages, toTeam: Messages, prefix: string) => {
    for (const [key, value] of Object.entries(from)) {
      const path = prefix + key
      // Below the top level, walk() only ever runs inside a team namespace.
      const isTeam = prefix !== '' || (TEAM_NAMESPACES as readonly string[]).includes(key)
      if (!isTeam) toFirst[key] = value
      else if (typeof value === 'string') {
        if (keptForResidents(path)) toFirst[key] = value
        else toTeam[key] = value
      } else {
        const subFirst: Messages = {}
        const subTeam: Messages = {}
        walk(value, subFirst, subTeam, `${path}.`)
        if (Object.keys(subFirst).length > 0) toFirst[key] = subFirst
        if (Object.keys(subTeam).length > 0) toTeam[key] = subTeam
      }
    }
  }
  walk(messages, first, team, '')
  return { first, team }
}
