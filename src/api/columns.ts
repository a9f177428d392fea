// The column lists the idea queries send. A module without imports, so that the benchmarks
// (bench/db.ts) measure exactly the request the app makes.

/** An idea as a list or the idea page shows it (table ideas). */
export const IDEA_SUMMARY =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at'

/**
 * What a card in the list shows (views idea_cards, searchable_idea_cards): the summary without
 * author and coalition ids, with theme, buurt, author name and how the idea came in. Browsing reads
 * idea_cards whole (`select=*`, a few more columns); a search names these, and PostgREST 12 spends
 * ~40 µs parsing each named column, so the list stays as short as the card.
 */
export const IDEA_CARD =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, created_at, theme_slug, neighbourhood_name, author_name, author_organisation_id, channel'

/**
 * A bericht as My page lists it (table notifications): its idea's title and, for a status update,
 * the new status, embedded in the same request, under RLS. Each embed names its foreign key, so
 * it stays unambiguous if notifications ever gets a second key to ideas or idea_updates.
 */
export const NOTIFICATION =
  'id, kind, idea_id, event_id, read_at, created_at, idea:ideas!notifications_idea_id_fkey(title), idea_update:idea_updates!notifications_idea_update_id_fkey(status)'
