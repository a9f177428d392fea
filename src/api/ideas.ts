import { supabase } from './supabase'
import { IDEA_CARD, IDEA_SUMMARY } from './columns'
import { ApiError, check, unwrap } from './errors'
import { dutchSearchQuery } from '@/lib/dutchSearch'
import type { Database } from './database.types'
import type { IdeaChannel, IdeaKind, IdeaStatus } from './types'

type IdeaRow = Database['public']['Tables']['ideas']['Row']

export type IdeaSort = 'newest' | 'votes' | 'comments'

export interface IdeaFilters {
  q?: string
  /** One buurt, or all buurten of one wijk (resolved by the caller to ids). */
  neighbourhoodIds?: string[]
  themeId?: string
  kind?: IdeaKind
  status?: IdeaStatus
  sort?: IdeaSort
}

export type IdeaSummary = Pick<
  IdeaRow,
  | 'id'
  | 'title'
  | 'body'
  | 'kind'
  | 'status'
  | 'theme_id'
  | 'neighbourhood_id'
  | 'vote_count'
  | 'comment_count'
  | 'author_id'
  | 'coalition_id'
  | 'created_at'
>
export type Idea = IdeaSummary &
  Pick<
    IdeaRow,
    'merged_into_id' | 'lat' | 'lng' | 'hidden_at' | 'hidden_reason' | 'channel' | 'language'
  >
/** A card in a list (the idea_cards view): the summary with its theme, buurt and author's name. */
export type IdeaCardRow = IdeaSummary & {
  theme_slug: string
  neighbourhood_name: string
  /** Null when the author deleted their account. */
  author_name: string | null
  author_organisation_id: string | null
  /** How the idea came in: 'app', or recorded by the team from paper, a meeting or a phone call. */
  channel: IdeaChannel
}

/** A card of the home list: what IDEA_CARD names (a search returns no more than that). */
export type ListCard = Omit<IdeaCardRow, 'author_id' | 'coalition_id'>

export const PAGE_SIZE = 20

const browseCards = () => supabase.from('idea_cards').select()

export async function listIdeas(
  filters: IdeaFilters,
  offset = 0,
  limit = PAGE_SIZE,
): Promise<ListCard[]> {
  const q = filters.q?.trim()
  const tsquery = q ? dutchSearchQuery(q) : null
  // Browsing reads idea_cards whole (`select=*`, the cheapest request for PostgREST to parse); a
  // search needs the full-text vector, so it reads searchable_idea_cards and names what the card
  // shows (IDEA_CARD). Both views have the same rows (migration 20260705000100).
  let query = tsquery
    ? (supabase
        .from('searchable_idea_cards')
        .select(IDEA_CARD)
        .textSearch('search', tsquery, { config: 'dutch' }) as unknown as ReturnType<
        typeof browseCards
      >)
    : browseCards()
  if (filters.neighbourhoodIds?.length === 1) {
    query = query.eq('neighbourhood_id', filters.neighbourhoodIds[0])
  } else if (filters.neighbourhoodIds?.length) {
    query = query.in('neighbourhood_id', filters.neighbourhoodIds)
  }
  if (filters.themeId) query = query.eq('theme_id', filters.themeId)
  if (filters.kind) query = query.eq('kind', filters.kind)
  if (filters.status) query = query.eq('status', filters.status)
  const sort = filters.sort ?? 'newest'
  if (sort === 'votes') query = query.order('vote_count', { ascending: false })
  if (sort === 'comments') query = query.order('comment_count', { ascending: false })
  query = query.order('created_at', { ascending: false }).order('id')
  return unwrap(await query.range(offset, offset + limit - 1)) as ListCard[]
}

export async function getIdea(id: string): Promise<Idea> {
  const idea = unwrap(
    await supabase
      .from('ideas')
      .select(`${IDEA_SUMMARY}, lat, lng, hidden_at, hidden_reason, channel, language`)
      .eq('id', id)
      .maybeSingle(),
  ) as Omit<Idea, 'merged_into_id'>
  return { ...idea, merged_into_id: idea.status === 'merged' ? await mergeTarget(id) : null }
}

/**
 * The idea a merged idea continues at, or null when the reader may not see that one (the team
 * hid it, or its author withdrew it): the column itself is not readable (migration
 * 20261202100400), so a pointer never tells that an idea is hidden.
 */
async function mergeTarget(id: string): Promise<string | null> {
  const result = await supabase.rpc('merge_target', { idea_id: id })
  check(result)
  return (result.data as string | null) ?? null
}

export async function listIdeasByAuthor(authorId: string): Promise<IdeaCardRow[]> {
  return unwrap(
    await supabase
      .from('idea_cards')
      .select()
      .eq('author_id', authorId)
      .order('created_at', { ascending: false }),
  ) as IdeaCardRow[]
}

export async function listIdeasByIds(ids: string[]): Promise<IdeaCardRow[]> {
  if (ids.length === 0) return []
  return unwrap(await supabase.from('idea_cards').select().in('id', ids)) as IdeaCardRow[]
}

export async function listIdeasByCoalition(coalitionIds: string[]): Promise<IdeaCardRow[]> {
  if (coalitionIds.length === 0) return []
  return unwrap(
    await supabase.from('idea_cards').select().in('coalition_id', coalitionIds),
  ) as IdeaCardRow[]
}

export interface NewIdea {
  id: string
  title: string
  body: string
  kind: IdeaKind
  theme_id: string
  neighbourhood_id: string
  lat: number | null
  lng: number | null
  /** The language it is written in; the writer's interface language when left out. */
  language?: string
}

/**
 * Saves an idea with the id the client made, through submit_idea(): the same id from the same
 * author again returns the saved row, so a retry after a lost response never duplicates.
 * A unique violation (someone else's id) is still reported.
 */
export async function createIdea(idea: NewIdea): Promise<{ id: string }> {
  const { lat, lng, ...rest } = idea
  // Optional arguments are left out rather than sent as null.
  const result = await supabase.rpc('submit_idea', {
    ...rest,
    ...(lat !== null && lng !== null ? { lat, lng } : {}),
  })
  check(result)
  return { id: idea.id }
}

export interface SimilarIdea {
  id: string
  title: string
  vote_count: number
  status: IdeaStatus
}

export async function similarIdeas(
  title: string,
  neighbourhoodId: string | null,
  max = 3,
): Promise<SimilarIdea[]> {
  const result = await supabase.rpc('similar_ideas', {
    draft_title: title,
    ...(neighbourhoodId ? { neighbourhood: neighbourhoodId } : {}),
    max,
  })
  check(result)
  return (result.data ?? []) as SimilarIdea[]
}

export type IdeaUpdate = Pick<
  Database['public']['Tables']['idea_updates']['Row'],
  'id' | 'status' | 'message' | 'created_at' | 'language'
>

export async function listIdeaUpdates(ideaId: string): Promise<IdeaUpdate[]> {
  return unwrap(
    await supabase
      .from('idea_updates')
      .select('id, status, message, created_at, language')
      .eq('idea_id', ideaId)
      .order('created_at'),
  )
}

export interface IdeaText {
  title: string
  body: string
}

/**
 * The author changes the title and body of their own idea. The database allows it only while
 * the idea is new and within 24 hours; it says why not (idea_edit_*). Someone else's idea is not
 * an error to PostgREST, just no row changed: that is reported as notAllowed.
 */
export async function updateIdeaText(
  id: string,
  text: IdeaText,
): Promise<Pick<Idea, 'id' | 'title' | 'body'>> {
  const rows = unwrap(
    await supabase
      .from('ideas')
      .update({ title: text.title, body: text.body })
      .eq('id', id)
      .select('id, title, body'),
  )
  if (rows.length !== 1) throw new ApiError('notAllowed')
  return rows[0]
}

/**
 * The author withdraws their own idea (withdraw_idea): it leaves every public place at once;
 * other people's comments and votes and any report stay for the team, and the text is erased
 * after 30 days. The database allows it only while the idea is new, nobody else has voted and
 * the team has not hidden it (idea_withdraw_*, idea_hidden_by_team).
 */
export async function withdrawIdea(id: string): Promise<void> {
  check(await supabase.rpc('withdraw_idea', { idea_id: id }))
}
