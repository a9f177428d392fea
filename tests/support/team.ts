// Helpers for tests of the team's work (tests/db/team).
import { beforeAll } from 'vitest'
import { sql } from './clients.ts'
import { createActors } from './users.ts'

type Actors = Awaited<ReturnType<typeof createActors>>

/** A resident, another resident, a partner, a moderator and an admin, made once for the file. */
export function actorsForFile(): Actors {
  const actors = {} as Actors
  beforeAll(async () => {
    Object.assign(actors, await createActors())
  })
  return actors
}

/** What the audit log holds about one target, oldest first. */
export async function logEntries(targetId: string) {
  return sql<{ action: string; actor_id: string; reason: string | null }>(
    'select action, actor_id, reason from public.moderation_log where target_id = $1 order by id',
    [targetId],
  )
}

/** A public answer long enough for set_idea_status (status_message_too_short). */
export const ANSWER = 'We kijken samen met Woonbedrijf of dit kan. We laten het je in mei weten.'
