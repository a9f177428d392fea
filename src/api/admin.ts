import { check, unwrap } from './errors'
import type { ProfileRole } from './database.types'
import { db } from './moderation'

/** Admin tasks: partner requests, roles and the reference data. The database checks the role. */

export interface PartnerRequest {
  id: string
  profile_id: string
  organisation_id: string
  message: string | null
  status: 'pending' | 'approved' | 'rejected'
  created_at: string
  profile: { display_name: string } | null
  organisation: { name: string } | null
}

export async function listPartnerRequests(status: PartnerRequest['status'] = 'pending'): Promise<PartnerRequest[]> {
  return unwrap(
    await db
      .from('partner_requests')
      .select(
        'id, profile_id, organisation_id, message, status, created_at, profile:profiles!partner_requests_profile_id_fkey(display_name), organisation:organisations(name)',
      )
      .eq('status', status)
      .order('created_at'),
  ) as unknown as PartnerRequest[]
}

export async function approvePartnerRequest(id: string): Promise<void> {
  check(await db.rpc('approve_partner_request', { request_id: id }))
}

export async function rejectPartnerRequest(id: string, reason: string): Promise<void> {
  check(await db.rpc('reject_partner_request', { request_id: id, reason: reason || null }))
}

/** The signed-in person's own requests (for "Word partner"). */
export async function listMyPartnerRequests(userId: string): Promise<PartnerRequest[]> {
  return unwrap(
    await db
      .from('partner_requests')
      .select(
        'id, profile_id, organisation_id, message, status, created_at, profile:profiles!partner_requests_profile_id_fkey(display_name), organisation:organisations(name)',
      )
      .eq('profile_id', userId)
      .order('created_at', { ascending: false }),
  ) as unknown as PartnerRequest[]
}

export async function requestPartnerStatus(organisationId: string, message: string): Promise<void> {
  check(
    await db
      .from('partner_requests')
      .insert({ organisation_id: organisationId, message: message.trim() || null }),
  )
}

export async function withdrawPartnerRequest(id: string): Promise<void> {
  check(await db.from('partner_requests').delete().eq('id', id))
}

export interface Person {
  id: string
  display_name: string
  email: string
  role: ProfileRole
  organisation_id: string | null
}

export async function findPeople(query: string): Promise<Person[]> {
  return unwrap(await db.rpc('admin_find_people', { query: query.trim() || null, max_rows: 50 })) as Person[]
}

export async function setRole(profileId: string, role: Exclude<ProfileRole, 'partner'>): Promise<void> {
  check(await db.rpc('set_role', { profile_id: profileId, role }))
}

export type ReferenceTable = 'neighbourhoods' | 'themes' | 'organisations'

export async function listReference(table: ReferenceTable): Promise<Record<string, unknown>[]> {
  const columns = {
    neighbourhoods: 'id, slug, name, district, cbs_code',
    themes: 'id, slug, position',
    organisations: 'id, slug, name, kind',
  }[table]
  return unwrap(await db.from(table).select(columns).order('slug')) as Record<string, unknown>[]
}

export async function saveReference(
  table: ReferenceTable,
  row: Record<string, unknown>,
): Promise<void> {
  const { id, ...values } = row
  if (id) check(await db.from(table).update(values).eq('id', id as string))
  else check(await db.from(table).insert(values))
}

export async function deleteReference(table: ReferenceTable, id: string): Promise<void> {
  check(await db.from(table).delete().eq('id', id))
}
