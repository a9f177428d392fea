// The team's CSV export: the ideas of a filter, read page by page. src/lib/csv.ts writes the file.
import { supabase } from './supabase'
import { unwrap } from './errors'
import type { Tables } from './database.types'
import type { IdeaStatus } from './types'

export interface ExportFilters {
  neighbourhoodId?: string
  themeId?: string
  status?: IdeaStatus
  coalitionId?: string
  from?: string
  to?: string
}

export type ExportIdea = Pick<
  Tables<'ideas'>,
  | 'id'
  | 'title'
  | 'body'
  | 'status'
  | 'kind'
  | 'vote_count'
  | 'comment_count'
  | 'neighbourhood_id'
  | 'theme_id'
  | 'coalition_id'
  | 'created_at'
>

/** Every idea that matches, oldest first, in pages of 1000 (PostgREST's max_rows). */
export async function listIdeasForExport(filters: ExportFilters): Promise<ExportIdea[]> {
  const rows: ExportIdea[] = []
  for (let offset = 0; ; offset += 1000) {
    let query = supabase
      .from('ideas')
      .select(
        'id, title, body, status, kind, vote_count, comment_count, neighbourhood_id, theme_id, coalition_id, created_at',
      )
      .is('hidden_at', null)
      .is('withdrawn_at', null)
    if (filters.neighbourhoodId) query = query.eq('neighbourhood_id', filters.neighbourhoodId)
    if (filters.themeId) query = query.eq('theme_id', filters.themeId)
    if (filters.status) query = query.eq('status', filters.status)
    if (filters.coalitionId) query = query.eq('coalition_id', filters.coalitionId)
    if (filters.from) query = query.gte('created_at', filters.from)
    if (filters.to) query = query.lt('created_at', nextDay(filters.to))
    const page = unwrap(
      await query
        .order('created_at')
        .order('id')
        .range(offset, offset + 999),
    )
    rows.push(...page)
    if (page.length < 1000) return rows
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

export type ExportAnswer = Pick<
  Tables<'idea_updates'>,
  'idea_id' | 'status' | 'message' | 'created_at'
>

/**
 * The team's public answers to these ideas, oldest first, grouped by idea. Asked in chunks of ids,
 * so that the request line stays short for an export of thousands.
 */
export async function listAnswersForExport(
  ideaIds: string[],
): Promise<Map<string, ExportAnswer[]>> {
  const byIdea = new Map<string, ExportAnswer[]>()
  for (let start = 0; start < ideaIds.length; start += 100) {
    const chunk = ideaIds.slice(start, start + 100)
    for (let offset = 0; ; offset += 1000) {
      const page = unwrap(
        await supabase
          .from('idea_updates')
          .select('idea_id, status, message, created_at')
          .in('idea_id', chunk)
          .order('created_at')
          .order('id')
          .range(offset, offset + 999),
      )
      for (const answer of page) {
        const list = byIdea.get(answer.idea_id) ?? []
        list.push(answer)
        byIdea.set(answer.idea_id, list)
      }
      if (page.length < 1000) break
    }
  }
  return byIdea
}
