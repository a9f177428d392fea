import { supabase } from './supabase'
import { NOTIFICATION } from './columns'
import { check, unwrap } from './errors'
import type { Database } from './database.types'
import type { IdeaStatus } from './types'

type Row = Database['public']['Tables']['notifications']['Row']

/**
 * A bericht as My page shows it: what it is about, with its idea's title and, for a status
 * update, the idea's new status. Both come embedded in the same request and under RLS: a
 * notification about an idea the reader may not see is not returned at all.
 */
export type Notification = Pick<Row, 'id' | 'kind' | 'idea_id' | 'read_at' | 'created_at'> &
  Partial<Pick<Row, 'event_id'>> & {
    idea: { title: string } | null
    idea_update: { status: IdeaStatus } | null
  }

export async function listNotifications(userId: string): Promise<Notification[]> {
  return unwrap(
    await supabase
      .from('notifications')
      .select(NOTIFICATION)
      .eq('user_id', userId)
      .order('created_at', { ascending: false })
      .limit(50),
  )
}

/** One bericht with its title and status, e.g. after Realtime reported a new one. */
export async function fetchNotification(id: string): Promise<Notification | null> {
  const { data, error } = await supabase
    .from('notifications')
    .select(NOTIFICATION)
    .eq('id', id)
    .maybeSingle()
  check({ error })
  return data
}

/** Marks one bericht read. RLS limits it to the caller's own; someone else's id changes nothing. */
export async function markRead(id: string): Promise<void> {
  check(
    await supabase
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('id', id)
      .is('read_at', null),
  )
}

export async function markAllRead(userId: string): Promise<void> {
  check(
    await supabase
      .from('notifications')
      .update({ read_at: new Date().toISOString() })
      .eq('user_id', userId)
      .is('read_at', null),
  )
}
