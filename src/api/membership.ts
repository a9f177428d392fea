// How the app joins and leaves a coalition, as plain data: the row it inserts and the filter it
// deletes with, so the integration tests (tests/db/coalition-join.test.ts) send exactly the
// requests the app sends. The database's refusals are read in src/api/errors.ts.
import type { Database } from './database.types'

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
