// The team's follow-up: who picks up an idea (assign_idea, idea_assignments) and the people it can
// be given to. The database decides who may assign and to whom; this module only asks.
import { supabase } from './supabase'
import { check, toApiError, unwrap } from './errors'

export interface TeamMember {
  id: string
  display_name: string
}

/** Moderators and admins, by name: the people an idea can be given to. */
export async function listTeamMembers(): Promise<TeamMember[]> {
  return unwrap(
    await supabase
      .from('profiles')
      .select('id, display_name')
      .in('role', ['moderator', 'admin'])
      .order('display_name'),
  )
}

/** Who has the idea now; null when nobody picked it up. */
export async function getAssignee(ideaId: string): Promise<string | null> {
  const { data, error } = await supabase
    .from('idea_assignments')
    .select('assignee_id')
    .eq('idea_id', ideaId)
    .maybeSingle()
  if (error) throw toApiError(error)
  return data?.assignee_id ?? null
}

/** Gives the idea to a team member, or to nobody with null. */
export async function assignIdea(ideaId: string, assigneeId: string | null): Promise<void> {
  check(
    await supabase.rpc('assign_idea', { idea_id: ideaId, assignee_id: assigneeId ?? undefined }),
  )
}
