import { supabase } from './supabase'
import { unwrap } from './errors'
import { dutchSearchQuery } from '@/lib/dutchSearch'
import type { IdeaFilters } from './ideas'
import type { IdeaKind, IdeaStatus } from './types'

/** An idea as the map needs it: where it is and what to call its marker. */
export interface IdeaLocation {
  id: string
  title: string
  kind: IdeaKind
  status: IdeaStatus
  lat: number
  lng: number
}

/** More than a map of one area can show legibly; the list below the map has the rest. */
export const MAP_LIMIT = 500

/**
 * Ideas with a location that match the home list's filters (the same conditions as
 * listIdeas in ./ideas.ts), newest first. Hidden ideas are left out by RLS as everywhere.
 */
export async function listIdeaLocations(filters: IdeaFilters): Promise<IdeaLocation[]> {
  let query = supabase
    .from('ideas')
    .select('id, title, kind, status, lat, lng')
    .not('lat', 'is', null)
    .not('lng', 'is', null)
  const q = filters.q?.trim()
  const tsquery = q ? dutchSearchQuery(q) : null
  if (tsquery) query = query.textSearch('search', tsquery, { config: 'dutch' })
  if (filters.neighbourhoodIds?.length) {
    query = query.in('neighbourhood_id', filters.neighbourhoodIds)
  }
  if (filters.themeId) query = query.eq('theme_id', filters.themeId)
  if (filters.kind) query = query.eq('kind', filters.kind)
  if (filters.status) query = query.eq('status', filters.status)
  const rows = unwrap(
    await query.order('created_at', { ascending: false }).order('id').limit(MAP_LIMIT),
  )
  // numeric columns may arrive as strings; Leaflet needs numbers.
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) })) as IdeaLocation[]
}
