-- Live updates for the SPA. Realtime checks RLS per subscriber, so hidden rows never leak.
-- Full replica identity where subscribers need the old row (deletes and status changes).
alter table public.ideas replica identity full;
alter table public.comments replica identity full;
alter table public.coalition_members replica identity full;

alter publication supabase_realtime add table
  public.ideas, public.comments, public.idea_updates, public.notifications, public.coalition_members;
