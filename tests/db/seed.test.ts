// The seed: reference data a real project needs too (supabase/seed/reference.sql), the only file
// supabase/config.toml seeds; the local stack loads demo data (demo.sql) on top by its own rule.
// The buurten are the CBS buurten of Woensel-Zuid (reference.sql says where the names and codes come from): 17 buurten, each with its
// CBS buurtcode, grouped into the three wijken as the codes group them (BU0772 41xx Oud-Woensel,
// 42xx Erp, 43xx Begijnenbroek).
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'
import { localSeedFiles, repoRoot, seedPaths } from '../../supabase/local/migrate.ts'
import { sql } from '../support/clients.ts'

/** [db.seed] sql_paths of supabase/config.toml, read here on its own (not with migrate.ts's parser). */
function configSeedPaths(): string[] {
  const lines = readFileSync(join(repoRoot, 'supabase', 'config.toml'), 'utf8').split('\n')
  let table = ''
  let inPaths = false
  const paths: string[] = []
  for (const line of lines) {
    const text = line.replace(/#.*$/, '').trim()
    const header = /^\[([^\]]+)\]$/.exec(text)
    if (header) {
      table = header[1].trim()
      inPaths = false
      continue
    }
    if (table !== 'db.seed') continue
    if (/^sql_paths\s*=/.test(text)) inPaths = true
    if (inPaths) {
      paths.push(...[...text.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]))
      if (text.includes(']')) inPaths = false
    }
  }
  return paths
}

test('config.toml seeds reference data only: `db push --include-seed` installs no demo account', () => {
  const paths = configSeedPaths()
  expect(paths).toEqual(['./seed/reference.sql'])
  for (const path of paths) {
    const text = readFileSync(join(repoRoot, 'supabase', path), 'utf8')
    expect(text, path).not.toMatch(/auth\.users/i)
    expect(text, path).not.toContain('emmer-demo-2026')
  }
  // migrate.ts reads the same list.
  expect(seedPaths().map((f) => relative(repoRoot, f))).toEqual(['supabase/seed/reference.sql'])
})

test('the local stack loads reference data, then the demo data on top', () => {
  expect(localSeedFiles().map((f) => relative(repoRoot, f))).toEqual([
    'supabase/seed/reference.sql',
    'supabase/seed/demo.sql',
  ])
})

test('reference.sql can be loaded again on a project that has it, and changes nothing', async () => {
  // The seed's own rows (fixed ids; other tests add rows with random ids meanwhile), as text.
  const seedRows = () =>
    sql<{ rows: string }>(
      `select (select string_agg(x::text, ';' order by x.id) from public.neighbourhoods x
                where x.id::text like '10000000-0000-4000-8000-%')
           || (select string_agg(x::text, ';' order by x.id) from public.themes x
                where x.id::text like '20000000-0000-4000-8000-%')
           || (select string_agg(x::text, ';' order by x.id) from public.organisations x
                where x.id::text like '30000000-0000-4000-8000-%') as rows`,
    )
  const before = await seedRows()
  await sql(readFileSync(seedPaths()[0], 'utf8'))
  expect(await seedRows()).toEqual(before)
})

test('seeds the 17 buurten of Woensel-Zuid with their CBS codes and wijken', async () => {
  const rows = await sql<{ name: string; district: string; cbs_code: string }>(
    // The seed's fixed ids; tests add buurten of their own with random ids.
    `select name, district, cbs_code from public.neighbourhoods
      where id::text like '10000000-0000-4000-8000-%' order by cbs_code`,
  )
  expect(rows).toHaveLength(17)
  const wijkOf: Record<string, string> = { '41': 'Oud-Woensel', '42': 'Erp', '43': 'Begijnenbroek' }
  for (const row of rows) {
    expect(row.cbs_code, row.name).toMatch(/^BU07724[123]\d0$/)
    expect(row.district, row.name).toBe(wijkOf[row.cbs_code.slice(6, 8)])
  }
  expect(rows.map((r) => r.name)).toContain('Generalenbuurt')
  expect(rows.map((r) => r.name)).not.toContain('Rapenland-Oost')
})
