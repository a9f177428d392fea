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
  let channel: RealtimeChannel | null = null
  let stopped = false
  onState('connecting')
  // In the production build the Realtime client loads on first use (src/api/realtimeLazy.ts).
  const realtime = supabase.realtime as unknown as { load?: () => Promise<unknown> }
  void Promise.resolve(realtime.load?.()).then(
    () => {
      if (!stopped) channel = open(name, specs, onState, catchUp)
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
  catchUp: () => void,
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
  let lost = false
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
  return channel
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
  return whenRealtimeLoaded(() => joinTogether(topic, me, onOthers))
}

/**
 * In the production build the Realtime client loads on first use (src/api/realtimeLazy.ts):
 * `start` runs once it is there; the returned stop works before and after.
 */
function whenRealtimeLoaded(start: () => () => void, onFail: () => void = () => {}): () => void {
  let stop: (() => void) | null = null
  let stopped = false
  const realtime = supabase.realtime as unknown as { load?: () => Promise<unknown> }
  void Promise.resolve(realtime.load?.()).then(() => {
    if (!stopped) stop = start()
  }, onFail)
  return () => {
    stopped = true
    stop?.()
  }
}

function joinTogether(
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

/** A card as the database broadcasts it on `buurt:<id>` (migration …_broadcast_idea_cards_per_buurt). */
export type BuurtMessage =
  | { event: 'card'; card: Record<string, unknown> & { id: string; new: boolean } }
  | { event: 'gone'; id: string }

/**
 * The live list's channels: one private topic per buurt (`buurt:<id>`), or `buurt:alle` for all of
 * Woensel-Zuid. The database sends on them only what everyone may see (the public card of a
 * visible idea, or the id of one that is no longer visible); RLS on realtime.messages lets anyone
 * listen and nobody send. `onState` is 'live' once every topic is joined.
 */
export function subscribeBuurtCards(
  topics: string[],
  onMessage: (message: BuurtMessage) => void,
  onState: (state: ConnectionState) => void,
): () => void {
  onState('connecting')
  return whenRealtimeLoaded(
    () => joinBuurtTopics(topics, onMessage, onState),
    () => onState('lost'),
  )
}

function joinBuurtTopics(
  topics: string[],
  onMessage: (message: BuurtMessage) => void,
  onState: (state: ConnectionState) => void,
): () => void {
  const joined = new Set<string>()
  const channels = topics.map((topic) => {
    const channel: RealtimeChannel = supabase.channel(topic, { config: { private: true } })
    channel.on('broadcast', { event: 'card' }, ({ payload }) => {
      const card = payload as Record<string, unknown> & { id: string; new: boolean }
      if (typeof card.id === 'string') onMessage({ event: 'card', card })
    })
    channel.on('broadcast', { event: 'gone' }, ({ payload }) => {
      const id = (payload as { id?: unknown }).id
      if (typeof id === 'string') onMessage({ event: 'gone', id })
    })
    channel.subscribe((status) => {
      if (status === 'SUBSCRIBED') {
        joined.add(topic)
        if (joined.size === topics.length) onState('live')
      } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        joined.delete(topic)
        onState('lost')
      }
    })
    return channel
  })
  return () => {
    for (const channel of channels) void supabase.removeChannel(channel)
  }
}

/** An event as the database broadcasts it on `agenda:alle` (…_agenda_bounds_live_and_coalition_initiatives). */
export type AgendaMessage =
  | { event: 'event'; row: Record<string, unknown> & { id: string; new: boolean } }
  | { event: 'gone'; id: string }

/**
 * The live /agenda: one private topic, `agenda:alle`. The database sends only the public columns
 * of an event everyone may see, or the id of one that was hidden; RLS lets anyone listen and
 * nobody send.
 */
export function subscribeAgenda(
  onMessage: (message: AgendaMessage) => void,
  onState: (state: ConnectionState) => void,
): () => void {
  onState('connecting')
  return whenRealtimeLoaded(
    () => {
      const channel: RealtimeChannel = supabase.channel('agenda:alle', {
        config: { private: true },
      })
      channel.on('broadcast', { event: 'event' }, ({ payload }) => {
        const row = payload as Record<string, unknown> & { id: string; new: boolean }
        if (typeof row.id === 'string') onMessage({ event: 'event', row })
      })
      channel.on('broadcast', { event: 'gone' }, ({ payload }) => {
        const id = (payload as { id?: unknown }).id
        if (typeof id === 'string') onMessage({ event: 'gone', id })
      })
      channel.subscribe((status) => {
        if (status === 'SUBSCRIBED') onState('live')
        else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED')
          onState('lost')
      })
      return () => {
        void supabase.removeChannel(channel)
      }
    },
    () => onState('lost'),
  )
}
