// Helpers for tests of the team's work (tests/db/team).
import { sql } from './clients.ts'

/** What the audit log holds about one target, oldest first. */
export async function logEntries(targetId: string) {
  return sql<{ action: string; actor_id: string; reason: string | null }>(
    'select action, actor_id, reason from public.moderation_log where target_id = $1 order by id',
    [targetId],
  )
}

/** A public answer long enough for set_idea_status (status_message_too_short). */
export const ANSWER = 'We kijken samen met Woonbedrijf of dit kan. We laten het je in mei weten.'
