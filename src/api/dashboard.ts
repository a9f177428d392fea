import { supabase } from './supabase'
import { unwrap } from './errors'
import type { IdeaStatus } from './types'

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
