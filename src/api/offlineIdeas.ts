import { supabase } from './supabase'
import { unwrap } from './errors'
import type { IdeaKind } from './types'
import type { OfflineChannel } from '@/lib/statuses'

export interface OfflineIdea {
  /** Chosen by the caller and kept until the idea is saved, so a retry never stores it twice. */
  id: string
  title: string
  body: string
  kind: IdeaKind
  themeId: string
  neighbourhoodId: string
  channel: OfflineChannel
}

/** Team only (the database checks): an idea that came in on paper, at a meeting or by phone. */
export async function recordOfflineIdea(idea: OfflineIdea): Promise<{ id: string }> {
  const row = unwrap(
    await supabase.rpc('record_offline_idea', {
      id: idea.id,
      title: idea.title,
      body: idea.body,
      kind: idea.kind,
      theme_id: idea.themeId,
      neighbourhood_id: idea.neighbourhoodId,
      channel: idea.channel,
    }),
  )
  return { id: row.id }
}
