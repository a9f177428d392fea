// How the app joins and leaves a coalition, as plain data: the row it inserts and what a refusal
// means. A module without the Supabase client, so the integration tests (tests/db) send exactly
// the requests the app sends and read the database's refusals the way the app reads them.
// Imports carry their extension because those tests load this file under Node's rules.
import type { Database } from './database.types.ts'

type MemberKind = Database['public']['Enums']['member_kind']
type ProfileRole = Database['public']['Enums']['app_role']

/**
 * The database decides nothing here by itself: member_kind is a column the client sets, and the
 * trigger coalition_members_check_kind refuses a kind that does not match the person's role
 * (partners join as partner members, the team as team members, residents as resident members;
 * private.member_kind_for in the database).
 */
export function memberKindFor(role: ProfileRole): MemberKind {
  if (role === 'partner') return 'partner'
  return role === 'resident' ? 'resident' : 'team'
}

/** The coalition_members row for "I join this coalition". */
export function membershipRow(coalitionId: string, me: { id: string; role: ProfileRole }) {
  return { coalition_id: coalitionId, profile_id: me.id, member_kind: memberKindFor(me.role) }
}

/** The filter for "I leave this coalition" (a delete on coalition_members). */
export function membershipMatch(coalitionId: string, profileId: string) {
  return { coalition_id: coalitionId, profile_id: profileId }
}
