import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database } from './database.types'
import type { ProfileRole } from './types'
import { membershipMatch, membershipRow } from './membership'

type Tables = Database['public']['Tables']
export type Coalition = Pick<
  Tables['coalitions']['Row'],
  'id' | 'name' | 'description' | 'theme_id'
>
export type CoalitionMember = Pick<
  Tables['coalition_members']['Row'],
  'coalition_id' | 'profile_id' | 'member_kind'
>

export async function listCoalitions(): Promise<Coalition[]> {
  return unwrap(
    await supabase.from('coalitions').select('id, name, description, theme_id').order('name'),
  )
}

/** Every membership (who is in which coalition is public; only the counts are shown). */
export async function listCoalitionMembers(): Promise<CoalitionMember[]> {
  return unwrap(
    await supabase.from('coalition_members').select('coalition_id, profile_id, member_kind'),
  )
}

/**
 * I join a coalition, as a resident or a partner member according to my role. The database
 * checks that the kind fits the role and that partners never outnumber residents.
 */
export async function joinCoalition(
  coalitionId: string,
  me: { id: string; role: ProfileRole },
): Promise<void> {
  check(await supabase.from('coalition_members').insert(membershipRow(coalitionId, me)))
}

/** I leave a coalition. The database refuses when the last resident would leave the partners alone. */
export async function leaveCoalition(coalitionId: string, profileId: string): Promise<void> {
  check(
    await supabase
      .from('coalition_members')
      .delete()
      .match(membershipMatch(coalitionId, profileId)),
  )
}
