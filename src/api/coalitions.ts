import { supabase } from './supabase'
import { unwrap } from './errors'
import type { Database } from './database.types'

type Tables = Database['public']['Tables']
export type Coalition = Pick<
  Tables['coalitions']['Row'],
  'id' | 'name' | 'description' | 'theme_id'
>
export type CoalitionMember = Pick<
  Tables['coalition_members']['Row'],
  'coalition_id' | 'member_kind'
>

export async function listCoalitions(): Promise<Coalition[]> {
  return unwrap(
    await supabase.from('coalitions').select('id, name, description, theme_id').order('name'),
  )
}

export async function listCoalitionMembers(): Promise<CoalitionMember[]> {
  return unwrap(await supabase.from('coalition_members').select('coalition_id, member_kind'))
}
