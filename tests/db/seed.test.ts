// The seed: reference data a real project needs too (supabase/seed/reference.sql), then demo data
// (demo.sql), in the order supabase/config.toml lists them. The buurten are the CBS buurten of
// Woensel-Zuid (reference.sql says where the names and codes come from): 17 buurten, each with its
// CBS buurtcode, grouped into the three wijken as the codes group them (BU0772 41xx Oud-Woensel,
// 42xx Erp, 43xx Begijnenbroek).
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { expect, test } from 'vitest'
import { repoRoot, seedPaths } from '../../supabase/local/migrate.ts'
import { sql } from '../support/clients.ts'

test('the local stack loads reference data before demo data, as config.toml lists them', () => {
  expect(seedPaths().map((f) => relative(repoRoot, f))).toEqual([
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
