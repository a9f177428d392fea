// Views and components reach data through a store or a composable of their feature, never through
// src/api directly: only types and the error texts (`@/api/errors`) may be imported from there.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = __dirname
const ALLOWED_MODULES = new Set(['errors', 'types', 'database.types'])

/**
 * Files that still call src/api and are waiting to move to a store or composable (issue #11).
 * The list may only shrink: a file on it that no longer imports src/api fails the test too.
 */
const NOT_MOVED_YET = new Set<string>([
  'components/admin/AdminInvite.vue',
  'components/admin/AdminPeople.vue',
  'components/admin/AdminReferenceData.vue',
  'components/admin/AdminSettings.vue',
  'components/admin/AdminThemes.vue',
  'components/auth/SignInSecondFactor.vue',
  'components/coalitions/CoalitionJoinControl.vue',
  'components/ideas/CommentForm.vue',
  'components/ideas/IdeaPhotos.vue',
  'components/moderation/TeamAlsoLooking.vue',
  'components/my/MyDataSection.vue',
  'components/my/MyDigestSetting.vue',
  'components/my/MySecondFactor.vue',
  'views/account/SignInView.vue',
  'views/coalitions/CoalitionsView.vue',
  'views/ideas/IdeaNewView.vue',
  'views/moderation/ModerationExportView.vue',
  'views/moderation/ModerationIdeaView.vue',
  'views/moderation/ModerationRecordView.vue',
])

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return /\.(vue|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** The src/api modules a file imports a runtime value from (not only types). */
export function runtimeApiImports(source: string): string[] {
  const found: string[] = []
  const statement = /import\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/g
  for (const [, typeOnly, clause, from] of source.matchAll(statement)) {
    const api = /^(?:@\/api\/|(?:\.\.\/)+api\/)(.+)$/.exec(from)
    if (!api || typeOnly || ALLOWED_MODULES.has(api[1])) continue
    const named = /\{([^}]*)\}/.exec(clause)
    const outside = clause.replace(/\{[^}]*\}/, '').replace(/[,\s]/g, '')
    const values = (named?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '))
    if (outside || values.length) found.push(api[1])
  }
  return found
}

describe('layering', () => {
  it('tells type imports from value imports', () => {
    expect(runtimeApiImports("import { vote, type Vote } from '@/api/votes'")).toEqual(['votes'])
    expect(runtimeApiImports("import type { Vote } from '@/api/votes'")).toEqual([])
    expect(runtimeApiImports("import { type Vote } from '@/api/votes'")).toEqual([])
    expect(runtimeApiImports("import { messageFor } from '@/api/errors'")).toEqual([])
    expect(runtimeApiImports("import * as api from '../../api/ideas'")).toEqual(['ideas'])
    expect(runtimeApiImports("import { a } from '@/stores/ideas'")).toEqual([])
  })

  it('keeps src/api out of views and components', () => {
    const offenders = ['views', 'components'].flatMap((folder) =>
      filesUnder(join(SRC, folder))
        .filter((file) => runtimeApiImports(readFileSync(file, 'utf8')).length > 0)
        .map((file) => relative(SRC, file)),
    )
    expect(offenders.filter((f) => !NOT_MOVED_YET.has(f))).toEqual([])
    expect([...NOT_MOVED_YET].filter((f) => !offenders.includes(f))).toEqual([])
  })
})
