import type { SupabaseClient } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, check, toApiError, unwrap } from './errors'
import type { IdeaStatus } from './database.types'
import type { IdeaSummary } from './ideas'

/**
 * The team's queries: triage, public answers, merging, hiding, reports, the audit log and
 * coalitions. Every rule is checked again by the database; this module only asks.
 *
 * The generated types (database.types.ts) lag behind the July migrations (moderation_log,
 * partner_requests, the dashboard functions…), so these calls go through an untyped view of the
 * same client until the types are regenerated.
 */
export const db = supabase as unknown as SupabaseClient

/** Database error keys (raised by the team's functions and rules) with a plain message of their own. */
const DB_KEYS: Record<string, string> = {
  coalition_partner_majority: 'partnerMajority',
  coalition_member_kind_mismatch: 'memberKind',
  status_message_too_short: 'messageTooShort',
  status_needs_coalition: 'needsCoalition',
  status_use_merge: 'useMerge',
  idea_is_merged: 'ideaIsMerged',
  merge_same_idea: 'mergeSame',
  merge_into_merged: 'mergeIntoMerged',
  hide_reason_too_short: 'reasonTooShort',
  period_invalid: 'periodInvalid',
  last_admin: 'lastAdmin',
  role_partner_via_request: 'rolePartner',
  partner_request_not_found: 'requestGone',
  report_not_found: 'reportGone',
}

/**
 * The i18n key for an error: `moderation.errors.<x>` when the database said exactly what went
 * wrong, else the app's general `errors.<reason>`.
 */
export function errorKey(error: unknown): string {
  const raw = (error instanceof ApiError ? error.cause : error) as { message?: unknown } | null
  const message = typeof raw?.message === 'string' ? raw.message : ''
  if (message in DB_KEYS) return `moderation.errors.${DB_KEYS[message]}`
  return `errors.${toApiError(error).reason}`
}

const QUEUE_FIELDS =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at, hidden_at'

export type QueueIdea = IdeaSummary & { hidden_at: string | null }

export interface QueueFilters {
  neighbourhoodId?: string
  themeId?: string
}

/** Every idea still waiting for the team (new or in review), oldest first. */
export async function listQueue(filters: QueueFilters = {}): Promise<QueueIdea[]> {
  let query = db.from('ideas').select(QUEUE_FIELDS).in('status', ['new', 'in_review'])
  if (filters.neighbourhoodId) query = query.eq('neighbourhood_id', filters.neighbourhoodId)
  if (filters.themeId) query = query.eq('theme_id', filters.themeId)
  return unwrap(await query.order('created_at', { ascending: true }).limit(500)) as QueueIdea[]
}

export async function getIdeaForTeam(id: string): Promise<QueueIdea> {
  return unwrap(await db.from('ideas').select(QUEUE_FIELDS).eq('id', id).maybeSingle()) as QueueIdea
}

/** Ideas whose title looks like `q`, to pick the original when merging. */
export async function searchIdeas(q: string, excludeId: string): Promise<IdeaSummary[]> {
  const term = q.trim()
  if (term.length < 2) return []
  return unwrap(
    await db
      .from('ideas')
      .select(QUEUE_FIELDS)
      .neq('id', excludeId)
      .neq('status', 'merged')
      .ilike('title', `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
      .order('created_at', { ascending: false })
      .limit(10),
  ) as IdeaSummary[]
}

export async function setIdeaStatus(
  ideaId: string,
  status: IdeaStatus,
  message: string,
  coalitionId: string | null,
): Promise<void> {
  check(
    await db.rpc('set_idea_status', {
      idea_id: ideaId,
      status,
      message,
      coalition_id: coalitionId,
    }),
  )
}

export async function mergeIdea(
  duplicate: string,
  original: string,
  message: string,
): Promise<void> {
  check(await db.rpc('merge_idea', { duplicate, original, message }))
}

export async function hideIdea(ideaId: string, reason: string): Promise<void> {
  check(await db.rpc('hide_idea', { idea_id: ideaId, reason }))
}

export async function unhideIdea(ideaId: string, reason: string): Promise<void> {
  check(await db.rpc('unhide_idea', { idea_id: ideaId, reason }))
}

export interface TeamComment {
  id: string
  idea_id: string
  author_id: string | null
  body: string
  hidden_at: string | null
  hidden_reason: string | null
  created_at: string
}

/** All comments of an idea, hidden ones included (the team sees them). */
export async function listCommentsForTeam(ideaId: string): Promise<TeamComment[]> {
  return unwrap(
    await db
      .from('comments')
      .select('id, idea_id, author_id, body, hidden_at, hidden_reason, created_at')
      .eq('idea_id', ideaId)
      .order('created_at'),
  ) as TeamComment[]
}

export async function hideComment(commentId: string, reason: string): Promise<void> {
  check(await db.rpc('hide_comment', { comment_id: commentId, reason }))
}

export async function unhideComment(commentId: string, reason: string): Promise<void> {
  check(await db.rpc('unhide_comment', { comment_id: commentId, reason }))
}

// Reports ---------------------------------------------------------------------------------------

export interface Report {
  id: string
  reason: string
  created_at: string
  resolved_at: string | null
  resolution_note: string | null
  idea_id: string | null
  comment_id: string | null
  idea: { id: string; title: string; hidden_at: string | null } | null
  comment: { id: string; idea_id: string; body: string; hidden_at: string | null } | null
}

export async function listReports(open = true): Promise<Report[]> {
  let query = db
    .from('reports')
    .select(
      'id, reason, created_at, resolved_at, resolution_note, idea_id, comment_id, idea:ideas(id, title, hidden_at), comment:comments(id, idea_id, body, hidden_at)',
    )
  query = open ? query.is('resolved_at', null) : query.not('resolved_at', 'is', null)
  return unwrap(
    await query.order('created_at', { ascending: open }).limit(200),
  ) as unknown as Report[]
}

export async function resolveReport(reportId: string, note: string): Promise<void> {
  check(await db.rpc('resolve_report', { report_id: reportId, note: note || null }))
}

// Audit log -------------------------------------------------------------------------------------

export interface LogEntry {
  id: number
  actor_id: string | null
  action: string
  target_table: string
  target_id: string | null
  reason: string | null
  at: string
}

export async function listAuditLog(limit = 100, before?: number): Promise<LogEntry[]> {
  let query = db
    .from('moderation_log')
    .select('id, actor_id, action, target_table, target_id, reason, at')
    .order('id', { ascending: false })
    .limit(limit)
  if (before) query = query.lt('id', before)
  return unwrap(await query) as LogEntry[]
}

// Coalitions ------------------------------------------------------------------------------------

export interface CoalitionInput {
  name: string
  description: string
  theme_id: string | null
}

export interface Member {
  profile_id: string
  member_kind: 'resident' | 'partner'
  profile: { id: string; display_name: string; role: string; organisation_id: string | null } | null
}

export async function createCoalition(input: CoalitionInput): Promise<string> {
  const id = crypto.randomUUID()
  check(await db.from('coalitions').insert({ id, ...input }))
  return id
}

export async function updateCoalition(id: string, input: CoalitionInput): Promise<void> {
  check(await db.from('coalitions').update(input).eq('id', id))
}

export async function deleteCoalition(id: string): Promise<void> {
  check(await db.from('coalitions').delete().eq('id', id))
}

export async function listMembers(coalitionId: string): Promise<Member[]> {
  return unwrap(
    await db
      .from('coalition_members')
      .select('profile_id, member_kind, profile:profiles(id, display_name, role, organisation_id)')
      .eq('coalition_id', coalitionId)
      .order('created_at'),
  ) as unknown as Member[]
}

export async function addMember(
  coalitionId: string,
  profileId: string,
  kind: 'resident' | 'partner',
): Promise<void> {
  check(
    await db
      .from('coalition_members')
      .insert({ coalition_id: coalitionId, profile_id: profileId, member_kind: kind }),
  )
}

export async function removeMember(coalitionId: string, profileId: string): Promise<void> {
  const result = await db
    .from('coalition_members')
    .delete()
    .eq('coalition_id', coalitionId)
    .eq('profile_id', profileId)
  check(result)
}

export interface PersonOption {
  id: string
  display_name: string
  role: string
  organisation_id: string | null
}

/** People by display name, to add to a coalition (names and roles are public). */
export async function searchPeople(q: string): Promise<PersonOption[]> {
  const term = q.trim()
  if (term.length < 2) return []
  return unwrap(
    await db
      .from('profiles')
      .select('id, display_name, role, organisation_id')
      .ilike('display_name', `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
      .order('display_name')
      .limit(20),
  ) as PersonOption[]
}

/** A partner (or resident) joins a coalition themselves; the database checks the rule. */
export async function joinCoalition(
  coalitionId: string,
  profileId: string,
  kind: 'resident' | 'partner',
): Promise<void> {
  await addMember(coalitionId, profileId, kind)
}
