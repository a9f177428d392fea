// The agenda: upcoming meetups and visits, and "Ik kom" / "Ik kom toch niet". The database keeps
// the count and the waiting list (join_event, leave_event) and decides who sees a visit's address.
import { supabase } from './supabase'
import { check, toApiError, unwrap } from './errors'
import type { Database, Tables } from './database.types'
import { dutchSearchQuery } from '@/lib/dutchSearch'

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

// Writing the agenda ---------------------------------------------------------------------------

export type EventKind = Database['public']['Enums']['event_kind']

export interface EventInput {
  /** Made once per draft: a retried submit returns the event the first one made. */
  id: string
  kind: EventKind
  title: string
  description: string
  starts_at: string
  ends_at: string
  place: string
  address: string | null
  neighbourhood_id: string
  theme_id: string | null
  capacity: number | null
  languages: string[]
  step_free: boolean
  hearing_loop: boolean
  childcare: boolean
  access_notes: string | null
  initiative_id: string | null
  idea_id: string | null
  coalition_id: string | null
}

export async function createEvent(input: EventInput): Promise<{ id: string }> {
  const row = unwrap(
    await supabase.rpc('create_event', {
      ...input,
      address: input.address ?? undefined,
      theme_id: input.theme_id ?? undefined,
      capacity: input.capacity ?? undefined,
      access_notes: input.access_notes ?? undefined,
      initiative_id: input.initiative_id ?? undefined,
      idea_id: input.idea_id ?? undefined,
      coalition_id: input.coalition_id ?? undefined,
    }),
  ) as { id: string }
  return { id: row.id }
}

/** A new time or place; the database tells everyone who signed up. */
export async function changeEvent(
  eventId: string,
  change: { starts_at: string; ends_at: string; place: string; address: string | null },
): Promise<void> {
  check(
    await supabase.rpc('change_event', {
      event_id: eventId,
      starts_at: change.starts_at,
      ends_at: change.ends_at,
      place: change.place,
      address: change.address ?? undefined,
    }),
  )
}

export async function cancelEvent(eventId: string, reason: string): Promise<void> {
  check(await supabase.rpc('cancel_event', { event_id: eventId, reason }))
}

/** Is the signed-in person the organiser? (organiser_id is readable, the page only uses it here.) */
export async function isOrganiser(eventId: string, userId: string): Promise<boolean> {
  const { data, error } = await supabase
    .from('events')
    .select('id')
    .eq('id', eventId)
    .eq('organiser_id', userId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data !== null
}

// Initiatives -----------------------------------------------------------------------------------

export type Initiative = Pick<
  Tables<'initiatives'>,
  | 'id'
  | 'name'
  | 'description'
  | 'neighbourhood_id'
  | 'theme_id'
  | 'meets'
  | 'lat'
  | 'lng'
  | 'idea_id'
  | 'coalition_id'
  | 'organiser_id'
  | 'created_at'
>

const INITIATIVE_FIELDS =
  'id, name, description, neighbourhood_id, theme_id, meets, lat, lng, idea_id, coalition_id, organiser_id, created_at'

export interface InitiativeFilters {
  neighbourhoodId?: string
  themeId?: string
  /** Words to look for, in Dutch (as the ideas list searches). */
  q?: string
}

export async function listInitiatives(filters: InitiativeFilters = {}): Promise<Initiative[]> {
  let query = supabase.from('initiatives').select(INITIATIVE_FIELDS)
  if (filters.neighbourhoodId) query = query.eq('neighbourhood_id', filters.neighbourhoodId)
  if (filters.themeId) query = query.eq('theme_id', filters.themeId)
  const tsquery = filters.q ? dutchSearchQuery(filters.q) : null
  if (tsquery) query = query.textSearch('search', tsquery, { config: 'dutch' })
  return unwrap(await query.order('name').limit(500))
}

export async function getInitiative(id: string): Promise<Initiative> {
  return unwrap(
    await supabase.from('initiatives').select(INITIATIVE_FIELDS).eq('id', id).maybeSingle(),
  )
}

export async function listMyInitiatives(userId: string): Promise<Initiative[]> {
  return unwrap(
    await supabase
      .from('initiatives')
      .select(INITIATIVE_FIELDS)
      .eq('organiser_id', userId)
      .is('hidden_at', null)
      .order('name'),
  )
}

export async function eventsOfInitiative(initiativeId: string): Promise<AgendaEvent[]> {
  return unwrap(
    await supabase
      .from('events')
      .select(EVENT_FIELDS)
      .eq('initiative_id', initiativeId)
      .gte('ends_at', new Date().toISOString())
      .order('starts_at'),
  )
}

export interface InitiativeInput {
  id: string
  name: string
  description: string
  neighbourhood_id: string
  theme_id: string | null
  meets: string | null
}

export async function createInitiative(input: InitiativeInput): Promise<{ id: string }> {
  const row = unwrap(
    await supabase.rpc('create_initiative', {
      ...input,
      theme_id: input.theme_id ?? undefined,
      meets: input.meets ?? undefined,
    }),
  ) as { id: string }
  return { id: row.id }
}

/** "Maak er een initiatief van": one step for the author of an "Ik wil zelf iets doen" idea. */
export async function initiativeFromIdea(ideaId: string): Promise<{ id: string }> {
  const row = unwrap(await supabase.rpc('initiative_from_idea', { idea_id: ideaId })) as {
    id: string
  }
  return { id: row.id }
}

/** The initiative made from an idea, if there is one. */
export async function initiativeOfIdea(ideaId: string): Promise<{ id: string } | null> {
  const { data, error } = await supabase
    .from('initiatives')
    .select('id')
    .eq('idea_id', ideaId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data
}

// "Stuur een bericht": a message to the organiser through Emmer ------------------------------------

export interface ContactMessageInput {
  /** Made once per draft and kept across retries: a retried submit sends once. */
  id: string
  body: string
  initiativeId?: string
  eventId?: string
  /** "Mijn e-mailadres mag meegestuurd worden": the mail's Reply-To is the sender's address. */
  shareEmail: boolean
}

/** The database finds the organiser, checks the target and the limit, and queues the mail. */
export async function sendContactMessage(input: ContactMessageInput): Promise<void> {
  check(
    await supabase.rpc('send_contact_message', {
      id: input.id,
      body: input.body,
      initiative_id: input.initiativeId,
      event_id: input.eventId,
      share_email: input.shareEmail,
    }),
  )
}
