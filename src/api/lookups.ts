import { supabase } from './supabase'
import { unwrap } from './errors'
import type { Database } from './database.types'

type Tables = Database['public']['Tables']
export type Neighbourhood = Pick<
  Tables['neighbourhoods']['Row'],
  'id' | 'slug' | 'name' | 'district'
>
export type Theme = Pick<Tables['themes']['Row'], 'id' | 'slug'>
export type Organisation = Pick<Tables['organisations']['Row'], 'id' | 'name'>

export async function fetchNeighbourhoods(): Promise<Neighbourhood[]> {
  return unwrap(
    await supabase.from('neighbourhoods').select('id, slug, name, district').order('name'),
  )
}

export async function fetchThemes(): Promise<Theme[]> {
  return unwrap(await supabase.from('themes').select('id, slug').order('slug'))
}

export async function fetchOrganisations(): Promise<Organisation[]> {
  return unwrap(await supabase.from('organisations').select('id, name').order('name'))
}
