// The demo seed's buurten are the CBS buurten of Woensel-Zuid (supabase/seed.sql says where the
// names and codes come from): 17 buurten, each with its CBS buurtcode, grouped into the three wijken
// as the codes group them (BU0772 41xx Oud-Woensel, 42xx Erp, 43xx Begijnenbroek).
import { expect, test } from 'vitest'
import { sql } from '../support/clients.ts'

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
