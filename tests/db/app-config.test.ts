// Settings as data and one source for the rules: public.app_config() hands the app the area's
// settings, the rules Postgres enforces and the themes; only admins (aal2) change the settings;
// every check is in Postgres; and the app's own copies of the rules agree with the database.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { reasonFor } from '../../src/api/errors.ts'
import { DEFAULT_RULES, whiteContrast, type AppConfig } from '../../src/lib/appConfig.ts'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, clientAs, createActors, createUser, ideaInput } from '../support/users.ts'

type Actors = Awaited<ReturnType<typeof createActors>>
let actors: Actors
let original: Record<string, unknown>

beforeAll(async () => {
  actors = await createActors()
  ;[original] = await sql('select * from public.area_settings')
})

afterAll(async () => {
  // Put back what a test may have changed, so other files see the seeded area.
  await sql(
    `update public.area_settings set contact_phone = $1, contact_email = $2, brand_colour = $3`,
    [original.contact_phone, original.contact_email, original.brand_colour],
  )
})

async function config(client = anonClient()): Promise<AppConfig> {
  const { data, error } = await client.rpc('app_config')
  expect(error).toBeNull()
  return data as AppConfig
}

describe('app_config()', () => {
  test('anyone reads the settings, the rules and the themes in one call', async () => {
    const c = await config()
    expect(c.settings.area_name).toBe(original.area_name)
    expect(c.settings.answer_days).toBe(original.answer_days)
    expect(c.rules.answer_days).toBe(original.answer_days)
    expect(c.rules.limits.ideas).toEqual({ max: 5, window_seconds: 3600 })
    expect(c.themes.map((t) => t.slug)).toContain('perspectief')
    const perspectief = c.themes.find((t) => t.slug === 'perspectief')!
    expect(perspectief.name.nl).toBe('Perspectief')
    expect(perspectief.explanation.ar).toMatch(/للمستقبل/)
  })

  test("the app's own copies of the rules are the database's", async () => {
    const { rules } = await config()
    for (const [key, value] of Object.entries(DEFAULT_RULES))
      expect(rules[key as keyof typeof rules], key).toBe(value)
  })

  test('the rate limits are the ones the triggers use (private.limits)', async () => {
    const rows = await sql<{ action: string; max_count: number; seconds: number }>(
      'select action, max_count, extract(epoch from per)::integer as seconds from private.limits',
    )
    const { rules } = await config()
    expect(Object.keys(rules.limits).sort()).toEqual(rows.map((r) => r.action).sort())
    for (const r of rows)
      expect(rules.limits[r.action]).toEqual({ max: r.max_count, window_seconds: r.seconds })
  })
})

describe('the rules app_config() names are the ones Postgres enforces', () => {
  // Each boundary in a transaction that is rolled back: nothing stays behind.
  async function insertIdea(title: string, body: string) {
    const id = randomUUID()
    const input = ideaInput({ title, body })
    return sql(
      `begin;
       insert into public.ideas (id, title, body, kind, theme_id, neighbourhood_id)
       values ('${id}', $$${title}$$, $$${body}$$, 'idea', '${input.theme_id}', '${input.neighbourhood_id}');
       rollback;`,
    ).then(
      () => 'ok',
      (e: Error) => e.message,
    )
  }

  test('title and body lengths', async () => {
    const { rules } = await config()
    const body = 'b'.repeat(rules.idea_body_min)
    const title = 't'.repeat(rules.idea_title_min)
    expect(await insertIdea('t'.repeat(rules.idea_title_max), body)).toBe('ok')
    expect(await insertIdea('t'.repeat(rules.idea_title_max + 1), body)).not.toBe('ok')
    expect(await insertIdea(title, body)).toBe('ok')
    expect(await insertIdea('t'.repeat(rules.idea_title_min - 1), body)).not.toBe('ok')
    expect(await insertIdea(title, 'b'.repeat(rules.idea_body_max))).toBe('ok')
    expect(await insertIdea(title, 'b'.repeat(rules.idea_body_max + 1))).not.toBe('ok')
    expect(await insertIdea(title, 'b'.repeat(rules.idea_body_min - 1))).not.toBe('ok')
  })

  test('the idea edit window', async () => {
    const { rules } = await config()
    const me = await createUser()
    const inside = await arrangeIdea(me.id)
    const outside = await arrangeIdea(me.id)
    await sql(
      `update public.ideas set created_at = now() - make_interval(hours => $2) + interval '2 minutes' where id = $1`,
      [inside, rules.idea_edit_hours],
    )
    await sql(
      `update public.ideas set created_at = now() - make_interval(hours => $2) - interval '2 minutes' where id = $1`,
      [outside, rules.idea_edit_hours],
    )
    const ok = await me.client.from('ideas').update({ title: 'Een nieuwe titel' }).eq('id', inside)
    expect(ok.error).toBeNull()
    const late = await me.client.from('ideas').update({ title: 'Te laat nog' }).eq('id', outside)
    expect(late.error?.message).toBe('idea_edit_window_closed')
  })

  test('the comment edit window', async () => {
    const { rules } = await config()
    const me = await createUser()
    const idea = await arrangeIdea(null)
    const [inside, outside] = [randomUUID(), randomUUID()]
    for (const [id, minutes] of [
      [inside, rules.comment_edit_minutes - 1],
      [outside, rules.comment_edit_minutes + 1],
    ] as const)
      await sql(
        `insert into public.comments (id, idea_id, author_id, body, created_at)
         values ($1, $2, $3, 'Eerste versie', now() - make_interval(mins => $4))`,
        [id, idea, me.id, minutes],
      )
    expect(
      (await me.client.from('comments').update({ body: 'Twee' }).eq('id', inside)).error,
    ).toBeNull()
    const late = await me.client.from('comments').update({ body: 'Twee' }).eq('id', outside)
    expect(late.error?.message).toBe('comment_edit_window_closed')
  })
})

describe('the settings: everyone reads, only admins at aal2 change them', () => {
  test('anon reads the row and cannot change it', async () => {
    const anon = anonClient()
    const { data } = await anon.from('area_settings').select('area_name').single()
    expect(data?.area_name).toBe(original.area_name)
    const { error } = await anon
      .from('area_settings')
      .update({ contact_phone: '06 1' })
      .eq('id', true)
    expect(error?.code).toBe('42501')
  })

  test('a resident and a moderator change nothing', async () => {
    for (const who of [actors.resident, actors.moderator]) {
      const client = await clientAs(who.id, { aal: 'aal2' })
      const { data, error } = await client
        .from('area_settings')
        .update({ contact_phone: '06 666' })
        .eq('id', true)
        .select('id')
      // RLS: no row may be updated, so none comes back.
      expect(error).toBeNull()
      expect(data).toEqual([])
    }
    expect((await sql('select contact_phone from public.area_settings'))[0].contact_phone).toBe(
      original.contact_phone,
    )
  })

  test('an admin at aal1 changes nothing; at aal2 they do', async () => {
    const weak = await clientAs(actors.admin.id, { aal: 'aal1' })
    await weak.from('area_settings').update({ contact_phone: '06 111' }).eq('id', true)
    expect((await sql('select contact_phone from public.area_settings'))[0].contact_phone).toBe(
      original.contact_phone,
    )
    const strong = await clientAs(actors.admin.id, { aal: 'aal2' })
    const { error } = await strong
      .from('area_settings')
      .update({ contact_phone: '040 222 33 44', contact_email: ' team@buurt.example ' })
      .eq('id', true)
    expect(error).toBeNull()
    expect(await sql('select contact_phone, contact_email from public.area_settings')).toEqual([
      { contact_phone: '040 222 33 44', contact_email: 'team@buurt.example' },
    ])
  })

  test('nobody adds a second row or deletes the one', async () => {
    const strong = await clientAs(actors.admin.id, { aal: 'aal2' })
    expect(
      (await strong.from('area_settings').insert({ area_name: 'Tweede' } as never)).error?.code,
    ).toBe('42501')
    expect((await strong.from('area_settings').delete().eq('id', true)).error?.code).toBe('42501')
    expect(await sql('select count(*)::int as n from public.area_settings')).toEqual([{ n: 1 }])
  })
})

describe('the settings are checked in Postgres', () => {
  async function refusal(change: Record<string, unknown>) {
    const strong = await clientAs(actors.admin.id, { aal: 'aal2' })
    const { error } = await strong.from('area_settings').update(change).eq('id', true)
    return error
  }

  test('a brand colour white text cannot be read on is refused, with a plain reason', async () => {
    // #777777 gives 4.48:1, #767676 4.54:1: just below and just above WCAG AA.
    expect(whiteContrast('#777777')).toBeLessThan(4.5)
    expect(whiteContrast('#767676')).toBeGreaterThanOrEqual(4.5)
    const low = await refusal({ brand_colour: '#777777' })
    expect(low?.message).toBe('settings_colour_contrast')
    expect(reasonFor(low)).toBe('settingsColourContrast')
    expect((await refusal({ brand_colour: '#ffd700' }))?.message).toBe('settings_colour_contrast')
    expect((await refusal({ brand_colour: 'teal' }))?.message).toBe('settings_colour_invalid')
    expect(await sql('select brand_colour from public.area_settings')).toEqual([
      { brand_colour: original.brand_colour },
    ])
    expect(await refusal({ brand_colour: '#767676' })).toBeNull()
    await sql('update public.area_settings set brand_colour = $1', [original.brand_colour])
  })

  test('bounds must be a box and the centre inside it', async () => {
    const upside = await refusal({ bounds_south: 52, bounds_north: 51 })
    expect(upside?.message).toBe('settings_bounds_invalid')
    expect(reasonFor(upside)).toBe('settingsBoundsInvalid')
    const away = await refusal({ map_centre_lat: 40 })
    expect(away?.message).toBe('settings_centre_outside_bounds')
    expect((await refusal({ answer_days: 0 }))?.message).toBe('settings_answer_days_invalid')
    expect((await refusal({ contact_email: 'geen-adres' }))?.message).toBe('settings_email_invalid')
    expect((await refusal({ walk_in_hours: { xx: 'Maandag' } }))?.message).toBe(
      'translations_invalid',
    )
    const [now] = await sql('select * from public.area_settings')
    expect(now.bounds_south).toBe(original.bounds_south)
    expect(now.map_centre_lat).toBe(original.map_centre_lat)
  })

  test("an idea's place must lie within the area's bounds", async () => {
    const me = await createUser()
    const inside = await me.client.rpc('submit_idea', {
      id: randomUUID(),
      ...ideaInput(),
      lat: Number(original.map_centre_lat),
      lng: Number(original.map_centre_lng),
    })
    expect(inside.error).toBeNull()
    const outside = await me.client.rpc('submit_idea', {
      id: randomUUID(),
      ...ideaInput({ title: 'Een idee ver weg' }),
      lat: Number(original.bounds_north) + 0.01,
      lng: Number(original.map_centre_lng),
    })
    expect(outside.error?.message).toBe('location_outside_area')
    expect(reasonFor(outside.error)).toBe('locationOutsideArea')
  })
})

describe('themes carry their texts', () => {
  test('an admin writes a name and explanation; missing languages fall back later', async () => {
    const strong = await clientAs(actors.admin.id, { aal: 'aal2' })
    const slug = `thema-${randomUUID().slice(0, 8)}`
    const { error } = await strong.from('themes').insert({
      slug,
      position: 90,
      name: { nl: 'Groen', en: 'Green' },
      explanation: { nl: 'Bomen en planten in de buurt.' },
    })
    expect(error).toBeNull()
    const c = await config()
    expect(c.themes.find((t) => t.slug === slug)?.name).toEqual({ nl: 'Groen', en: 'Green' })
    const bad = await strong
      .from('themes')
      .update({ name: { de: 'Grün' } })
      .eq('slug', slug)
    expect(bad.error?.message).toBe('translations_invalid')
    await sql('delete from public.themes where slug = $1', [slug])
  })

  test('a resident cannot rename a theme', async () => {
    const client = await clientAs(actors.resident.id)
    await client
      .from('themes')
      .update({ name: { nl: 'Gekaapt' } })
      .eq('slug', 'perspectief')
    expect(
      await sql(`select name ->> 'nl' as nl from public.themes where slug = 'perspectief'`),
    ).toEqual([{ nl: 'Perspectief' }])
  })
})
