// The production build leaves the team's messages out of the first load and loads them before a
// team page opens (scripts/precompileMessages.ts, src/i18n/index.ts). A resident screen that
// names one of them would show the bare key until they came, so this checks that every team key
// named outside the team's own views and components stays in the first part.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keptForResidents, splitTeamMessages, TEAM_NAMESPACES } from '@/lib/teamMessages'

type Tree = { [key: string]: string | Tree }

const root = join(__dirname, '..')
const locales = join(__dirname, 'locales')

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  )
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  )
}

const TEAM_FOLDERS = /^(views|components)\/(moderation|admin|partner)\//
const residentSources = files(root).filter(
  (f) => /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts') && !TEAM_FOLDERS.test(relative(root, f)),
)
const nl = JSON.parse(readFileSync(join(locales, 'nl.json'), 'utf8')) as Tree
const allKeys = new Set(flatten(nl))
const namespaces = TEAM_NAMESPACES.join('|')
const named = new RegExp(`['"\`]((?:${namespaces})\\.[\\w.]+?)(\\$\\{|['"\`])`, 'g')

describe('the team messages left out of the first load', () => {
  it.each(['nl', 'en', 'tr', 'ar', 'pl'])('%s: split in two, no key lost', (locale) => {
    const whole = JSON.parse(readFileSync(join(locales, `${locale}.json`), 'utf8')) as Tree
    const { first, team } = splitTeamMessages(whole)
    const firstKeys = flatten(first as Tree)
    const teamKeys = flatten(team as Tree)
    expect([...firstKeys, ...teamKeys].sort()).toEqual(flatten(whole).sort())
    // The team's part is only the team's namespaces, and a real part of them.
    expect(
      teamKeys.every((k) => (TEAM_NAMESPACES as readonly string[]).includes(k.split('.')[0])),
    ).toBe(true)
    expect(teamKeys.length).toBeGreaterThan(100)
  })

  it('keeps every team key a resident screen names, and every prefix it builds keys from', () => {
    const { first } = splitTeamMessages(nl)
    const firstKeys = new Set(flatten(first as Tree))
    const missing: string[] = []
    let seen = 0
    for (const file of residentSources) {
      for (const [, key, end] of readFileSync(file, 'utf8').matchAll(named)) {
        if (end === '${') {
          // A key built at run time (`moderation.errors.${reason}`): its prefix must stay whole.
          seen++
          if (!keptForResidents(`${key}x`)) missing.push(`${relative(root, file)}: ${key}…`)
        } else if (allKeys.has(key)) {
          seen++
          if (!firstKeys.has(key)) missing.push(`${relative(root, file)}: ${key}`)
        }
      }
    }
    expect(missing).toEqual([])
    // The header's team links and the page titles at least: the scan finds what it looks for.
    expect(seen).toBeGreaterThan(10)
  })

  it('would notice a resident screen naming a team-only key', () => {
    const { first } = splitTeamMessages(nl)
    expect(flatten(first as Tree)).not.toContain('moderation.queue.intro')
    expect(allKeys.has('moderation.queue.intro')).toBe(true)
  })
})
