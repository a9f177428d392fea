import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database, Json } from './database.types'

type ProfileRow = Database['public']['Tables']['profiles']['Row']
export type Profile = Pick<
  ProfileRow,
  'id' | 'display_name' | 'role' | 'organisation_id' | 'neighbourhood_id' | 'locale'
>
export type PublicAuthor = Pick<ProfileRow, 'id' | 'display_name' | 'role' | 'organisation_id'>

export async function fetchProfile(id: string): Promise<Profile | null> {
  // Buurt and language are private: only my_profile() returns them, and only to the person.
  const result = await supabase.rpc('my_profile')
  check(result)
  const row = result.data?.find((p) => p.id === id)
  return row
    ? {
        id: row.id,
        display_name: row.display_name,
        role: row.role,
        organisation_id: row.organisation_id,
        neighbourhood_id: row.neighbourhood_id,
        locale: row.locale,
      }
    : null
}

export async function fetchAuthors(ids: string[]): Promise<PublicAuthor[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  return unwrap(
    await supabase
      .from('profiles')
      .select('id, display_name, role, organisation_id')
      .in('id', unique),
  )
}

export async function updateProfile(
  id: string,
  changes: Partial<Pick<ProfileRow, 'display_name' | 'neighbourhood_id' | 'locale'>>,
): Promise<void> {
  check(await supabase.from('profiles').update(changes).eq('id', id))
}

export async function exportMyData(): Promise<Json> {
  const result = await supabase.rpc('export_my_data')
  check(result)
  return result.data as Json
}

export async function deleteMyAccount(): Promise<void> {
  // Photos first, through the Storage API (hosted Storage refuses SQL deletes of its objects);
  // if that fails, the account stays and the person can try again.
  const { data } = await supabase.auth.getSession()
  const userId = data.session?.user.id
  if (userId) {
    // The photo code loads only here, so it stays out of the first load.
    const { removeAllMyPhotos } = await import('./photos')
    await removeAllMyPhotos(userId)
  }
  check(await supabase.rpc('delete_my_account'))
  await supabase.auth.signOut({ scope: 'local' })
}
