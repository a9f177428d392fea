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
 * read under RLS. `onState` reports drops and recoveries; `catchUp` runs when the channel is
 * live again after a drop, because changes made meanwhile were never sent. The one reconnect
 * path of the app: pages through useLive, the queue and notifications through their stores.
 */
export function subscribeChanges(
  name: string,
  specs: ChangeSpec[],
  onState: (state: ConnectionState) => void,
  catchUp: () => void = () => {},
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
  let lost = false
  onState('connecting')
  channel.subscribe((status) => {
    if (status === 'SUBSCRIBED') {
      onState('live')
      if (lost) {
        lost = false
        catchUp()
      }
    } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
      lost = true
      onState('lost')
    }
  })
  return () => {
    void supabase.removeChannel(channel)
  }
}
