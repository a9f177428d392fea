// The printable Alliantieraad report, computed by alliantieraad_report() in the database.
import { supabase } from './supabase'
import { unwrap } from './errors'
import type { IdeaKind, IdeaStatus } from './types'

/** Events held, visits and people who came; how many events were counted each way. */
export interface EventFigures {
  held: number
  visits: number
  /** Ticked as there where the organiser ticked who came; people with a place otherwise. */
  people: number
  counted_by_attendance: number
  counted_by_signups: number
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
  events: EventFigures & {
    per_neighbourhood: (EventFigures & { neighbourhood: string; district: string })[]
  }
}

export async function fetchAlliantieraadReport(
  from: string,
  to: string,
): Promise<AlliantieraadReport> {
  return unwrap(
    await supabase.rpc('alliantieraad_report', { period_start: from, period_end: to }),
  ) as unknown as AlliantieraadReport
}
