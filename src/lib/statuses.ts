import type { IdeaKind, IdeaStatus } from '@/api/types'

export const IDEA_STATUSES: readonly IdeaStatus[] = [
  'new',
  'in_review',
  'in_coalition',
  'in_progress',
  'done',
  'not_feasible',
  'merged',
]

export const IDEA_KINDS: readonly IdeaKind[] = ['idea', 'initiative', 'question']
