import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database, Tables } from './database.types'
import type { ProfileRole } from './types'
import type { Translations } from '@/lib/appConfig'

/** Admin tasks: partner requests, roles and the reference data. The database checks the role. */

export type PartnerRequest = Pick<
  Tables<'partner_requests'>,
  'id' | 'profile_id' | 'organisation_id' | 'message' | 'status' | 'created_at'
> & {
  profile: Pick<Tables<'profiles'>, 'display_name'> | null
  organisation: Pick<Tables<'organisations'>, 'name'> | null
}

const REQUEST_FIELDS =
  'id, profile_id, organisation_id, message, status, created_at, profile:profiles!partner_requests_profile_id_fkey(display_name), organisation:organisations(name)'

export async function listPartnerRequests(
  status: PartnerRequest['status'] = 'pending',
): Promise<PartnerRequest[]> {
  return unwrap(
    await supabase
      .from('partner_requests')
      .select(REQUEST_FIELDS)
      .eq('status', status)
      .order('created_at'),
  )
}

export async function approvePartnerRequest(id: string): Promise<void> {
  check(await supabase.rpc('approve_partner_request', { request_id: id }))
}

export async function rejectPartnerRequest(id: string, reason: string): Promise<void> {
  check(
    await supabase.rpc('reject_partner_request', { request_id: id, reason: reason || undefined }),
  )
}

/** The signed-in person's own requests (for "Word partner"). */
export async function listMyPartnerRequests(userId: string): Promise<PartnerRequest[]> {
  return unwrap(
    await supabase
      .from('partner_requests')
      .select(REQUEST_FIELDS)
      .eq('profile_id', userId)
      .order('created_at', { ascending: false }),
  )
}

export async function requestPartnerStatus(organisationId: string, message: string): Promise<void> {
  check(
    await supabase
      .from('partner_requests')
      .insert({ organisation_id: organisationId, message: message.trim() || null }),
  )
}

export async function withdrawPartnerRequest(id: string): Promise<void> {
  check(await supabase.from('partner_requests').delete().eq('id', id))
}

export type Person = Database['public']['Functions']['admin_find_people']['Returns'][number]

export async function findPeople(query: string): Promise<Person[]> {
  return unwrap(
    await supabase.rpc('admin_find_people', { query: query.trim() || undefined, max_rows: 50 }),
  )
}

export async function setRole(
  profileId: string,
  role: Exclude<ProfileRole, 'partner'>,
): Promise<void> {
  check(await supabase.rpc('set_role', { profile_id: profileId, role }))
}

export type ReferenceTable = 'neighbourhoods' | 'themes' | 'organisations'

/** Rows of one reference table, as the generic editor (AdminReferenceData) reads them. */
export async function listReference(table: ReferenceTable): Promise<Record<string, unknown>[]> {
  // One literal select per table, so that each result is typed from the generated schema.
  switch (table) {
    case 'neighbourhoods':
      return unwrap(
        await supabase.from(table).select('id, slug, name, district, cbs_code').order('slug'),
      )
    case 'themes':
      return unwrap(await supabase.from(table).select('id, slug, position').order('slug'))
    case 'organisations':
      return unwrap(await supabase.from(table).select('id, slug, name, kind').order('slug'))
  }
}

/** The editor's text fields of a row (see AdminReferenceData `fields`); `id` is absent for a new row. */
export interface ReferenceDraft {
  id?: string
  name?: string
  slug?: string
  district?: string
}

export async function saveReference(table: ReferenceTable, row: ReferenceDraft): Promise<void> {
  const { id, name = '', slug = '', district = '' } = row
  // One typed call per table: each takes only the columns its editor offers.
  switch (table) {
    case 'neighbourhoods': {
      const values = { name, slug, district }
      return check(
        id
          ? await supabase.from(table).update(values).eq('id', id)
          : await supabase.from(table).insert(values),
      )
    }
    case 'themes': {
      const values = { slug }
      return check(
        id
          ? await supabase.from(table).update(values).eq('id', id)
          : await supabase.from(table).insert(values),
      )
    }
    case 'organisations': {
      const values = { name, slug }
      return check(
        id
          ? await supabase.from(table).update(values).eq('id', id)
          : await supabase.from(table).insert(values),
      )
    }
  }
}

export async function deleteReference(table: ReferenceTable, id: string): Promise<void> {
  check(await supabase.from(table).delete().eq('id', id))
}

/** A theme with its texts per language (public.themes.name, .explanation). */
export interface ThemeRow {
  id: string
  slug: string
  position: number
  name: Translations
  explanation: Translations
}

export async function listThemes(): Promise<ThemeRow[]> {
  const rows = unwrap(
    await supabase
      .from('themes')
      .select('id, slug, position, name, explanation')
      .order('position')
      .order('slug'),
  )
  return rows.map((r) => ({
    ...r,
    name: r.name as Translations,
    explanation: r.explanation as Translations,
  }))
}

/** Adds or changes a theme; the database checks the role (aal2) and the texts. */
export async function saveTheme(row: Omit<ThemeRow, 'id' | 'position'> & { id?: string }) {
  const values = { slug: row.slug, name: row.name, explanation: row.explanation }
  check(
    row.id
      ? await supabase.from('themes').update(values).eq('id', row.id)
      : await supabase.from('themes').insert(values),
  )
}
