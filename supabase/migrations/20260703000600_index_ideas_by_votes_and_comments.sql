-- The idea list sorts by "most support" and "most discussed" (src/api/ideas.ts: vote_count or
-- comment_count desc, then created_at desc, id). Without an index Postgres read and sorted every idea:
-- 14-20 ms of database time per page on the large seed (10,000 ideas), EXPLAIN ANALYZE as anon,
-- against 0.15 ms for the newest-first list. These indexes return the first page in index order.
-- Trade-off: vote_count and comment_count are now indexed, so a vote's counter update is no longer
-- a HOT update; at neighbourhood scale (a few votes a minute) that is cheap.
create index ideas_vote_count_created_at_idx on public.ideas (vote_count desc, created_at desc, id);
create index ideas_comment_count_created_at_idx on public.ideas (comment_count desc, created_at desc, id);
