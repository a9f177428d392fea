import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database } from './database.types'

export type Notification = Pick<
  Database['public']['Tables']['notifications']['Row'],
  'id' | 'kind' | 'idea_id' | 'read_at' | 'created_at'
>

export async function listNotifications(userId: string): Promise<Notification[]> {
  return unwrap(
    await supabase
      .from('notifications')
      .select('id, kind, idea_id, read_at, created_at')
      .eq('user_id', userId)
      .order('created_at', { ascending: false })
      .limit(50),
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
