import type { RealtimeChannel } from '@supabase/supabase-js'
import { supabase } from './supabase'

export type ChangeEvent = 'INSERT' | 'UPDATE' | 'DELETE'
export type ConnectionState = 'connecting' | 'live' | 'lost'

export interface ChangeSpec {
  table: string
  event?: ChangeEvent | '*'
  /** A postgres_changes filter such as `idea_id=eq.<uuid>`. */
  filter?: string
  handler: (change: {
    eventType: ChangeEvent
    new: Record<string, unknown>
    old: Record<string, unknown>
  }) => void
}

/**
 * One channel with postgres_changes listeners. The database only sends rows the user may
 * read under RLS. `onState` reports drops and recoveries so the page can catch up.
 */
export function subscribeChanges(
  name: string,
  specs: ChangeSpec[],
  onState: (state: ConnectionState) => void,
): () => void {
  const channel: RealtimeChannel = supabase.channel(`${name}:${crypto.randomUUID()}`)
  for (const spec of specs) {
    channel.on(
      'postgres_changes' as never,
      {
        event: spec.event ?? '*',
        schema: 'public',
        table: spec.table,
        ...(spec.filter ? { filter: spec.filter } : {}),
      },
      (payload: {
        eventType: ChangeEvent
        new: Record<string, unknown>
        old: Record<string, unknown>
      }) => spec.handler(payload),
    )
  }
  onState('connecting')
  channel.subscribe((status) => {
    if (status === 'SUBSCRIBED') onState('live')
    else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
      onState('lost')
    }
  })
  return () => {
    void supabase.removeChannel(channel)
  }
}
