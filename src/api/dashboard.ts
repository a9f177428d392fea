import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database, Tables } from './database.types'
import type { IdeaKind, IdeaStatus } from './types'

/**
 * Figures of "Wat horen we?", computed by moderation_dashboard() in the database. The function
 * returns json, which the generated types cannot describe; this interface does.
 */
export interface DashboardData {
  period_start: string
  period_end: string
  total: number
  answered: number
  median_days_to_answer: number | null
  answered_within_14_days: number
  due_within_14_days: number
  share_within_14_days: number | null
  per_neighbourhood: { id: string; name: string; district: string; count: number }[]
  per_theme: { id: string; slug: string; count: number }[]
  funnel: { status: IdeaStatus; count: number }[]
  over_time: { week: string; count: number }[]
}

export async function fetchDashboard(from: string, to: string): Promise<DashboardData> {
  return unwrap(
    await supabase.rpc('moderation_dashboard', { period_start: from, period_end: to }),
  ) as unknown as DashboardData
}

/** The public part of the dashboard, for everyone: the last 12 months (public_trust_figures()). */
export type TrustFigures = Pick<
  DashboardData,
  | 'period_start'
  | 'period_end'
  | 'total'
  | 'answered'
  | 'median_days_to_answer'
  | 'answered_within_14_days'
  | 'due_within_14_days'
  | 'share_within_14_days'
  | 'funnel'
>

export async function fetchTrustFigures(): Promise<TrustFigures> {
  return unwrap(await supabase.rpc('public_trust_figures')) as unknown as TrustFigures
}

export interface AlliantieraadReport {
  period_start: string
  period_end: string
  came_in: number
  came_in_per_kind: Partial<Record<IdeaKind, number>>
  answers: { status: IdeaStatus; count: number }[]
  answered_ideas: number
  coalitions: {
    id: string
    name: string
    ideas: { id: string; title: string; status: IdeaStatus }[]
  }[]
  top_themes_per_neighbourhood: {
    neighbourhood: string
    district: string
    themes: { slug: string; count: number }[]
  }[]
}

export async function fetchAlliantieraadReport(
  from: string,
  to: string,
): Promise<AlliantieraadReport> {
  return unwrap(
    await supabase.rpc('alliantieraad_report', { period_start: from, period_end: to }),
  ) as unknown as AlliantieraadReport
}

// Export ----------------------------------------------------------------------------------------

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
        'id, title, status, kind, vote_count, comment_count, neighbourhood_id, theme_id, coalition_id, created_at',
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

/**
 * RFC 4180 CSV with a UTF-8 byte order mark, so that Excel opens accents and Arabic correctly.
 * Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return ''
    let s = String(value)
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

// The buurt feed ("Mijn buurten") -----------------------------------------------------------------

export interface FeedItem {
  kind: 'idea' | 'comment' | 'update'
  id: string
  idea_id: string
  neighbourhood_id: string
  idea_title: string
  excerpt: string
  status: IdeaStatus | null
  author_id: string | null
  at: string
  unread: boolean
}

type FeedRow = Database['public']['Functions']['neighbourhood_feed']['Returns'][number]

export async function fetchFeed(max = 100): Promise<FeedItem[]> {
  // The generator cannot see which columns of a set-returning function may be null, nor the
  // values `kind` takes; FeedItem states both.
  const rows: FeedRow[] = unwrap(await supabase.rpc('neighbourhood_feed', { max_items: max }))
  return rows as FeedItem[]
}

export async function markNeighbourhoodSeen(
  userId: string,
  neighbourhoodId: string,
): Promise<void> {
  check(
    await supabase
      .from('follows')
      .update({ seen_at: new Date().toISOString() })
      .eq('user_id', userId)
      .eq('neighbourhood_id', neighbourhoodId),
  )
}
