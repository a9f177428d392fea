import { Constants } from '@/api/database.types'
import type { IdeaChannel, IdeaKind, IdeaStatus } from '@/api/types'

// The enums come from the generated types (npm run db:types), in the database's own order, so a
// new status or kind reaches every list at once; tests/db/types.test.ts fails when the committed
// types differ from the schema.
export const IDEA_STATUSES: readonly IdeaStatus[] = Constants.public.Enums.idea_status
export const IDEA_KINDS: readonly IdeaKind[] = Constants.public.Enums.idea_kind

/** Ideas still waiting for the team: its triage queue shows these, and an answer moves them on. */
export const OPEN_STATUSES = ['new', 'in_review'] as const satisfies readonly IdeaStatus[]

export function isOpen(status: IdeaStatus): boolean {
  return (OPEN_STATUSES as readonly IdeaStatus[]).includes(status)
}

/** Statuses the team answers with: `new` is where ideas start, merging has its own form. */
export const ANSWER_STATUSES: readonly IdeaStatus[] = IDEA_STATUSES.filter(
  (s) => s !== 'new' && s !== 'merged',
)

export type OfflineChannel = Exclude<IdeaChannel, 'app'>

/** How the team records an idea that came in on paper, at a meeting or by phone. */
export const OFFLINE_CHANNELS: readonly OfflineChannel[] =
  Constants.public.Enums.idea_channel.filter((c): c is OfflineChannel => c !== 'app')
