// The message key for each kind of notification, shared by My page and the e-mail digest
// (scripts/digest.ts). Typed by the database's enum, so a new kind without a text fails typecheck.
import type { Database } from '../api/database.types.ts'

type NotificationKind = Database['public']['Enums']['notification_kind']

export const NOTIFICATION_TEXT_KEY: Record<NotificationKind, string> = {
  new_idea_in_neighbourhood: 'notification.idea',
  new_comment: 'notification.comment',
  status_update: 'notification.status',
  new_report: 'notification.report',
  idea_hidden: 'notification.ideaHidden',
  comment_hidden: 'notification.commentHidden',
  idea_assigned: 'notification.assigned',
  event_changed: 'notification.eventChanged',
  event_cancelled: 'notification.eventCancelled',
  event_place_given: 'notification.eventPlaceGiven',
}

export function notificationTextKey(kind: string): string {
  return NOTIFICATION_TEXT_KEY[kind as NotificationKind] ?? 'notification.other'
}
