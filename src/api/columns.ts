// The column lists the idea queries send. A module without imports, so that the benchmarks
// (bench/db.ts) measure exactly the request the app makes.

/** An idea as a list or the idea page shows it (table ideas). */
export const IDEA_SUMMARY =
  'id, title, body, kind, status, theme_id, neighbourhood_id, vote_count, comment_count, author_id, coalition_id, created_at'

/** A card in a list (view idea_cards): the summary with its theme, buurt and author's name. */
export const IDEA_CARD = `${IDEA_SUMMARY}, theme_slug, neighbourhood_name, author_name, author_organisation_id`
