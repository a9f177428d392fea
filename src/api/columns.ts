// The column lists the idea queries send. A module without imports, so that the benchmarks
// (bench/db.ts) measure exactly the request the app makes.

/** An idea as a list or the idea page shows it (table ideas). */
export const IDEA_SUMMARY =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at'

/** A card in a list (view idea_cards): the summary with its theme, buurt and author's name. */
export const IDEA_CARD = `${IDEA_SUMMARY}, theme_slug, neighbourhood_name, author_name, author_organisation_id, channel`

/**
 * A bericht as My page lists it (table notifications): its idea's title and, for a status update,
 * the new status, embedded in the same request, under RLS. Each embed names its foreign key, so
 * it stays unambiguous if notifications ever gets a second key to ideas or idea_updates.
 */
export const NOTIFICATION =
  'id, kind, idea_id, read_at, created_at, idea:ideas!notifications_idea_id_fkey(title), idea_update:idea_updates!notifications_idea_update_id_fkey(status)'
