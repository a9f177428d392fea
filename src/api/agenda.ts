// The agenda: upcoming meetups and visits, and "Ik kom" / "Ik kom toch niet". The database keeps
// the count and the waiting list (join_event, leave_event) and decides who sees a visit's address.
import { supabase } from './supabase'
import { check, toApiError, unwrap } from './errors'
import type { Database, Tables } from './database.types'

export type AgendaEvent = Pick<
  Tables<'events'>,
  | 'id'
  | 'kind'
  | 'title'
  | 'description'
  | 'starts_at'
  | 'ends_at'
  | 'place'
  | 'neighbourhood_id'
  | 'theme_id'
  | 'capacity'
  | 'languages'
  | 'step_free'
  | 'hearing_loop'
  | 'childcare'
  | 'access_notes'
  | 'initiative_id'
  | 'attending_count'
  | 'waiting_count'
  | 'cancelled_at'
  | 'cancel_reason'
  | 'created_at'
  | 'changed_at'
>
export type SignupStatus = Database['public']['Enums']['signup_status']

const EVENT_FIELDS =
  'id, kind, title, description, starts_at, ends_at, place, neighbourhood_id, theme_id, capacity, languages, step_free, hearing_loop, childcare, access_notes, initiative_id, attending_count, waiting_count, cancelled_at, cancel_reason, created_at, changed_at'

export interface AgendaFilters {
  neighbourhoodId?: string
  /** Only what starts within the next seven days. */
  thisWeek?: boolean
}

/** Events that have not ended yet, soonest first. */
export async function listUpcomingEvents(filters: AgendaFilters = {}): Promise<AgendaEvent[]> {
  let query = supabase.from('events').select(EVENT_FIELDS).gte('ends_at', new Date().toISOString())
  if (filters.neighbourhoodId) query = query.eq('neighbourhood_id', filters.neighbourhoodId)
  if (filters.thisWeek) {
    query = query.lt('starts_at', new Date(Date.now() + 7 * 86_400_000).toISOString())
  }
  return unwrap(await query.order('starts_at').order('id').limit(200))
}

export async function getEvent(id: string): Promise<AgendaEvent> {
  return unwrap(await supabase.from('events').select(EVENT_FIELDS).eq('id', id).maybeSingle())
}

/** The person's own sign-up: attending, waiting or cancelled; null when they never signed up. */
export async function getMySignup(eventId: string, userId: string): Promise<SignupStatus | null> {
  const { data, error } = await supabase
    .from('event_signups')
    .select('status')
    .eq('event_id', eventId)
    .eq('user_id', userId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data?.status ?? null
}

/** The exact address, for people with a place (and the organiser and team); null for others. */
export async function getEventAddress(eventId: string): Promise<string | null> {
  const { data, error } = await supabase
    .from('event_addresses')
    .select('address')
    .eq('event_id', eventId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data?.address ?? null
}

export async function joinEvent(eventId: string): Promise<SignupStatus> {
  return unwrap(await supabase.rpc('join_event', { event_id: eventId }))
}

export async function leaveEvent(eventId: string): Promise<void> {
  check(await supabase.rpc('leave_event', { event_id: eventId }))
}
