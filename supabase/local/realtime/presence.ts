// Phoenix Presence for one server: per room (a topic, private and public apart), who is here under which key, one meta per
// tracking channel. Diffs are computed here; the server sends them.
import { randomBytes } from 'node:crypto'

export type Meta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string }
export type PresenceMap = Record<string, { metas: Meta[] }>
export interface Diff {
  joins: PresenceMap
  leaves: PresenceMap
}

interface Entry {
  key: string
  meta: Meta
  /** The payload as tracked, to tell an unchanged re-track from a changed one. */
  json: string
}

/** Phoenix refs are short unique strings; the client only compares them. */
const newRef = () => 'F' + randomBytes(9).toString('base64url')

export class Presence {
  /** topic → tracker id (one per joined channel) → entry */
  private topics = new Map<string, Map<string, Entry>>()

  state(topic: string): PresenceMap {
    const out: PresenceMap = {}
    for (const { key, meta } of this.topics.get(topic)?.values() ?? []) {
      ;(out[key] ??= { metas: [] }).metas.push(meta)
    }
    return out
  }

  /** Returns the diff to send, or undefined when nothing changed. */
  track(
    topic: string,
    tracker: string,
    key: string,
    payload: Record<string, unknown>,
  ): Diff | undefined {
    const entries = this.topics.get(topic) ?? new Map<string, Entry>()
    this.topics.set(topic, entries)
    const json = JSON.stringify(payload)
    const previous = entries.get(tracker)
    if (previous && previous.key === key && previous.json === json) return undefined
    const meta: Meta = { ...payload, phx_ref: newRef() }
    const diff: Diff = { joins: {}, leaves: {} }
    if (previous) {
      if (previous.key === key) meta.phx_ref_prev = previous.meta.phx_ref
      diff.leaves[previous.key] = { metas: [previous.meta] }
    }
    entries.set(tracker, { key, meta, json })
    diff.joins[key] = { metas: [meta] }
    return diff
  }

  untrack(topic: string, tracker: string): Diff | undefined {
    const entries = this.topics.get(topic)
    const previous = entries?.get(tracker)
    if (!entries || !previous) return undefined
    entries.delete(tracker)
    if (entries.size === 0) this.topics.delete(topic)
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } }
  }

  clear(): void {
    this.topics.clear()
  }
}
