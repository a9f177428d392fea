-- Following or reporting an idea (or comment) one may not see was possible by id: the policies
-- checked only who wrote the row and the foreign key checks ignore RLS. That made a hidden idea's
-- existence observable and, through follows, earned notifications about it. Now the target must be
-- visible to the caller (the subqueries run under the ideas and comments policies). Rows written
-- before an idea was hidden stay: they are the person's own data and reveal nothing new.
drop policy if exists follows_insert_own on public.follows;
create policy follows_insert_own on public.follows for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = follows.idea_id))
  );

drop policy if exists reports_insert_own on public.reports;
create policy reports_insert_own on public.reports for insert to authenticated
  with check (
    reporter_id = (select auth.uid())
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = reports.idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = reports.comment_id))
  );
