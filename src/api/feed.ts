// The partner's buurt feed ("Mijn buurten"): neighbourhood_feed() and the seen marks on follows.
import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database } from './database.types'
import type { IdeaStatus } from './types'

export interface FeedItem {
  /** event*: an agenda event, new, with a new time or place, or cancelled (id is the event's). */
  kind: 'idea' | 'comment' | 'update' | 'event' | 'event_changed' | 'event_cancelled'
  id: string
  /** Null for events. */
  idea_id: string | null
  neighbourhood_id: string
  idea_title: string
  excerpt: string
  status: IdeaStatus | null
  author_id: string | null
  at: string
  unread: boolean
  /** When an event starts; null for the rest. */
  starts_at: string | null
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
