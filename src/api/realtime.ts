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

/**
 * Presence on a private channel: who else has the same thing open. Supabase Realtime lets only
 * those whom the RLS policies on `realtime.messages` allow join the topic (see the migration
 * `…_let_the_team_see_who_has_an_idea_open.sql`). `onOthers` gets the names of the others, one per
 * person however many tabs they have open, sorted.
 */
export function watchTogether(
  topic: string,
  me: { key: string; name: string },
  onOthers: (names: string[]) => void,
): () => void {
  const channel: RealtimeChannel = supabase.channel(topic, {
    config: { private: true, presence: { key: me.key } },
  })
  channel.on('presence', { event: 'sync' }, () => {
    const state = channel.presenceState<{ name?: string }>()
    const names = Object.entries(state)
      .filter(([key]) => key !== me.key)
      .map(([, metas]) => metas.find((m) => typeof m.name === 'string')?.name ?? '')
      .filter((name) => name !== '')
    onOthers(names.sort((a, b) => a.localeCompare(b)))
  })
  channel.subscribe((status) => {
    if (status === 'SUBSCRIBED') void channel.track({ name: me.name })
  })
  return () => {
    void supabase.removeChannel(channel)
  }
}
