// Broadcasts from the database: a row inserted into realtime.messages (by realtime.send(),
// send_binary() or broadcast_changes()) and committed goes to the channels of its topic, private
// or public as the row says, as Supabase's ReplicationConnection sends it: the row's event, its
// payload (JSON, or raw bytes from send_binary), and `meta: {id}`. Rows of other extensions
// (presence) and rows without an event are not broadcasts.
import type { RowChange } from './capture.ts'
import type { RawPayload } from './protocol.ts'

export interface DatabaseBroadcast {
  id: string
  topic: string
  event: string
  isPrivate: boolean
  payload: unknown
}

/** Values arrive as Postgres's text output (see capture.ts). */
export function databaseBroadcast(change: RowChange): DatabaseBroadcast | undefined {
  if (change.tag !== 'insert' || !change.relation.name.startsWith('messages')) return undefined
  const row = change.new as Record<string, string | null>
  const { id, topic, event, extension } = row
  if (extension !== 'broadcast' || !id || !topic || !event) return undefined
  let payload: unknown = {}
  if (row.binary_payload != null) {
    payload = {
      raw: Buffer.from(row.binary_payload.replace(/^\\x/, ''), 'hex'),
    } satisfies RawPayload
  } else if (row.payload != null) {
    try {
      payload = JSON.parse(row.payload)
    } catch {
      return undefined
    }
  }
  return { id, topic, event, isPrivate: row.private === 't' || row.private === 'true', payload }
}
