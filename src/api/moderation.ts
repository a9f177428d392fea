import { supabase } from './supabase'
import { check, toApiError, unwrap } from './errors'
import type { Database, Tables } from './database.types'
import type { IdeaStatus, MemberKind } from './types'
import type { IdeaSummary } from './ideas'

/**
 * The team's queries: triage, public answers, merging, hiding, reports, the audit log and
 * coalitions. Every rule is checked again by the database; this module only asks.
 */

const QUEUE_FIELDS =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at, hidden_at, withdrawn_at, text_erased_at'

export type QueueIdea = IdeaSummary &
  Pick<Tables<'ideas'>, 'hidden_at' | 'withdrawn_at' | 'text_erased_at'> &
  Partial<FollowUp>

/** What team_queue() adds: who picked the idea up, its last public update, whether it went quiet. */
export interface FollowUp {
  assignee_id: string | null
  last_update_at: string | null
  stalled: boolean
}

export interface QueueFilters {
  neighbourhoodId?: string
  themeId?: string
  /** Only the caller's ideas, or only ideas nobody picked up. */
  assigned?: 'mine' | 'nobody'
  /** Just this idea, if it waits (for its own page). */
  ideaId?: string
}

/**
 * Everything that waits for the team, oldest first, as the database defines it (team_queue()):
 * new and in-review ideas, and ideas in a coalition or in progress without a public update for 30
 * days (stalled).
 */
export async function listQueue(filters: QueueFilters = {}): Promise<QueueIdea[]> {
  const rows = unwrap(
    await supabase.rpc('team_queue', {
      neighbourhood: filters.neighbourhoodId,
      theme: filters.themeId,
      assigned: filters.assigned,
      idea: filters.ideaId,
    }),
  )
  return rows as QueueIdea[]
}

export async function getIdeaForTeam(id: string): Promise<QueueIdea> {
  return unwrap(await supabase.from('ideas').select(QUEUE_FIELDS).eq('id', id).maybeSingle())
}

export type WithdrawnSnapshot = Pick<
  Tables<'withdrawn_idea_snapshots'>,
  'title' | 'body' | 'withdrawn_at' | 'taken_at'
>

/**
 * The text of a withdrawn idea that an open report or a hiding still needs, kept for the team
 * after it was erased from the idea (erase_withdrawn_ideas); null when none is kept.
 */
export async function getWithdrawnSnapshot(ideaId: string): Promise<WithdrawnSnapshot | null> {
  const { data, error } = await supabase
    .from('withdrawn_idea_snapshots')
    .select('title, body, withdrawn_at, taken_at')
    .eq('idea_id', ideaId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data
}

/** Ideas whose title looks like `q`, to pick the original when merging. */
export async function searchIdeas(q: string, excludeId: string): Promise<IdeaSummary[]> {
  const term = q.trim()
  if (term.length < 2) return []
  return unwrap(
    await supabase
      .from('ideas')
      .select(QUEUE_FIELDS)
      .neq('id', excludeId)
      .neq('status', 'merged')
      .is('withdrawn_at', null)
      .ilike('title', `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
      .order('created_at', { ascending: false })
      .limit(10),
  )
}

export async function setIdeaStatus(
  ideaId: string,
  status: IdeaStatus,
  message: string,
  coalitionId: string | null,
): Promise<void> {
  check(
    await supabase.rpc('set_idea_status', {
      idea_id: ideaId,
      status,
      message,
      coalition_id: coalitionId ?? undefined,
    }),
  )
}

export async function mergeIdea(
  duplicate: string,
  original: string,
  message: string,
): Promise<void> {
  check(await supabase.rpc('merge_idea', { duplicate, original, message }))
}

export async function hideIdea(ideaId: string, reason: string): Promise<void> {
  check(await supabase.rpc('hide_idea', { idea_id: ideaId, reason }))
}

export async function unhideIdea(ideaId: string, reason: string): Promise<void> {
  check(await supabase.rpc('unhide_idea', { idea_id: ideaId, reason }))
}

export type TeamComment = Pick<
  Tables<'comments'>,
  'id' | 'idea_id' | 'author_id' | 'body' | 'hidden_at' | 'hidden_reason' | 'created_at'
>

/** All comments of an idea, hidden ones included (the team sees them). */
export async function listCommentsForTeam(ideaId: string): Promise<TeamComment[]> {
  return unwrap(
    await supabase
      .from('comments')
      .select('id, idea_id, author_id, body, hidden_at, hidden_reason, created_at')
      .eq('idea_id', ideaId)
      .order('created_at'),
  )
}

export async function hideComment(commentId: string, reason: string): Promise<void> {
  check(await supabase.rpc('hide_comment', { comment_id: commentId, reason }))
}

export async function unhideComment(commentId: string, reason: string): Promise<void> {
  check(await supabase.rpc('unhide_comment', { comment_id: commentId, reason }))
}

// Reports ---------------------------------------------------------------------------------------

export type Report = Pick<
  Tables<'reports'>,
  'id' | 'reason' | 'created_at' | 'resolved_at' | 'resolution_note' | 'idea_id' | 'comment_id'
> & {
  idea: Pick<Tables<'ideas'>, 'id' | 'title' | 'hidden_at'> | null
  comment: Pick<Tables<'comments'>, 'id' | 'idea_id' | 'body' | 'hidden_at'> | null
}

export async function listReports(open = true): Promise<Report[]> {
  let query = supabase
    .from('reports')
    .select(
      'id, reason, created_at, resolved_at, resolution_note, idea_id, comment_id, idea:ideas(id, title, hidden_at), comment:comments(id, idea_id, body, hidden_at)',
    )
  query = open ? query.is('resolved_at', null) : query.not('resolved_at', 'is', null)
  return unwrap(await query.order('created_at', { ascending: open }).limit(200))
}

export async function resolveReport(reportId: string, note: string): Promise<void> {
  check(await supabase.rpc('resolve_report', { report_id: reportId, note: note || undefined }))
}

// Audit log -------------------------------------------------------------------------------------

export type LogEntry = Pick<
  Tables<'moderation_log'>,
  'id' | 'actor_id' | 'action' | 'target_table' | 'target_id' | 'reason' | 'at'
>

export async function listAuditLog(limit = 100, before?: number): Promise<LogEntry[]> {
  let query = supabase
    .from('moderation_log')
    .select('id, actor_id, action, target_table, target_id, reason, at')
    .order('id', { ascending: false })
    .limit(limit)
  if (before) query = query.lt('id', before)
  return unwrap(await query)
}

// Coalitions ------------------------------------------------------------------------------------

export type CoalitionInput = Pick<Tables<'coalitions'>, 'name' | 'description' | 'theme_id'>

export type PersonOption = Pick<
  Tables<'profiles'>,
  'id' | 'display_name' | 'role' | 'organisation_id'
>

export type Member = Pick<Tables<'coalition_members'>, 'profile_id' | 'member_kind'> & {
  profile: PersonOption | null
}

export async function createCoalition(input: CoalitionInput): Promise<string> {
  const id = crypto.randomUUID()
  check(await supabase.from('coalitions').insert({ id, ...input }))
  return id
}

export async function updateCoalition(id: string, input: CoalitionInput): Promise<void> {
  check(await supabase.from('coalitions').update(input).eq('id', id))
}

export async function deleteCoalition(id: string): Promise<void> {
  check(await supabase.from('coalitions').delete().eq('id', id))
}

export async function listMembers(coalitionId: string): Promise<Member[]> {
  return unwrap(
    await supabase
      .from('coalition_members')
      .select('profile_id, member_kind, profile:profiles(id, display_name, role, organisation_id)')
      .eq('coalition_id', coalitionId)
      .order('created_at'),
  )
}

export async function addMember(
  coalitionId: string,
  profileId: string,
  kind: MemberKind,
): Promise<void> {
  check(
    await supabase
      .from('coalition_members')
      .insert({ coalition_id: coalitionId, profile_id: profileId, member_kind: kind }),
  )
}

export async function removeMember(coalitionId: string, profileId: string): Promise<void> {
  const result = await supabase
    .from('coalition_members')
    .delete()
    .eq('coalition_id', coalitionId)
    .eq('profile_id', profileId)
  check(result)
}

/** People by display name, to add to a coalition (names and roles are public). */
export async function searchPeople(q: string): Promise<PersonOption[]> {
  const term = q.trim()
  if (term.length < 2) return []
  return unwrap(
    await supabase
      .from('profiles')
      .select('id, display_name, role, organisation_id')
      .ilike('display_name', `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
      .order('display_name')
      .limit(20),
  )
}

export type CoalitionNeedingResidents = Pick<
  Database['public']['Views']['coalitions_needing_residents']['Row'],
  'id' | 'name' | 'partners' | 'residents' | 'team' | 'unconfirmed'
>

/**
 * Coalitions with more partner members than residents who count (view
 * coalitions_needing_residents): a resident deleted their account (leaving always goes through),
 * or the team's own memberships stopped counting as residents, or a resident's e-mail address is
 * not confirmed. The database changes nothing by itself: the team rebalances.
 */
export async function listCoalitionsNeedingResidents(): Promise<CoalitionNeedingResidents[]> {
  return unwrap(
    await supabase
      .from('coalitions_needing_residents')
      .select('id, name, partners, residents, team, unconfirmed')
      .order('name'),
  )
}
