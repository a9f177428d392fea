-- A hidden idea is invisible to everyone but its author and the team (DESIGN §3), but its comments
-- were still readable by anyone who knew (or listed) comments by idea_id: the comments policies
-- only looked at the comment's own hidden_at. Now a comment is readable only when its idea is too.
-- The exists() subquery runs under the ideas policies, so "may see the idea" has one definition
-- (ideas_select_*), exactly as idea_updates_select_all already does.
--
-- Decision: on a hidden idea, the idea's author and the team see the whole discussion; everybody
-- else sees nothing of it, their own comments included (those stay in export_my_data). A hidden
-- comment stays visible only to its own author and the team, also to the idea's author.
-- The lookup is by primary key of ideas and comments_idea_id_created_at_idx covers idea_id.
drop policy if exists comments_select_anon on public.comments;
drop policy if exists comments_select_authenticated on public.comments;

create policy comments_select_anon on public.comments for select to anon
  using (
    hidden_at is null
    and exists (select 1 from public.ideas i where i.id = comments.idea_id)
  );

create policy comments_select_authenticated on public.comments for select to authenticated
  using (
    (hidden_at is null or author_id = (select auth.uid()) or (select private.is_moderator()))
    and exists (select 1 from public.ideas i where i.id = comments.idea_id)
  );
