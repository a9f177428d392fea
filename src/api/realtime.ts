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
  let channel: RealtimeChannel | null = null
  let stopped = false
  onState('connecting')
  // In the production build the Realtime client loads on first use (src/api/realtimeLazy.ts).
  const realtime = supabase.realtime as unknown as { load?: () => Promise<unknown> }
  void Promise.resolve(realtime.load?.()).then(
    () => {
      if (!stopped) channel = open(name, specs, onState)
    },
    () => onState('lost'),
  )
  return () => {
    stopped = true
    if (channel) void supabase.removeChannel(channel)
  }
}

function open(
  name: string,
  specs: ChangeSpec[],
  onState: (state: ConnectionState) => void,
): RealtimeChannel {
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
  channel.subscribe((status) => {
    if (status === 'SUBSCRIBED') onState('live')
    else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
      onState('lost')
    }
  })
  return channel
}
