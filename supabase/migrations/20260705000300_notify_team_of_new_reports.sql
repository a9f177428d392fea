-- The team learned about a new report only by opening the reports page. Now every moderator and
-- admin gets a notification (kind new_report) when someone reports an idea or a comment, live
-- through Realtime like every other notification. A moderator or admin who files a report gets
-- none for their own report. A report stored already resolved (only trusted inserts, such as the
-- seed, can do that) asks nothing of the team and notifies nobody.
--
-- The notification carries the report (report_id) and, for context, the idea and the comment it
-- is about. It holds no reason and no reporter: those stay in reports, behind their own policies.
-- Only the team ever gets such a row, and the team may see every idea and comment, so the
-- visibility rules of 20260703000200 hold.

-- Adding an enum value inside the migration's transaction is fine as long as nothing in this same
-- transaction uses it; the plpgsql body below is only planned when a report comes in.
alter type public.notification_kind add value if not exists 'new_report';

alter table public.notifications
  add column report_id uuid references public.reports (id) on delete cascade;
comment on column public.notifications.report_id is
  'For kind new_report: the report the team is told about. Deleted with the report.';
create index notifications_report_id_idx on public.notifications (report_id);

create or replace function private.reports_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  about_idea uuid := new.idea_id;
begin
  if new.resolved_at is not null then
    return null;
  end if;
  if new.comment_id is not null then
    select c.idea_id into about_idea from public.comments c where c.id = new.comment_id;
  end if;
  insert into public.notifications (user_id, kind, idea_id, comment_id, report_id)
  select p.id, 'new_report', about_idea, new.comment_id, new.id
    from public.profiles p
   where p.role in ('moderator', 'admin')
     and p.id is distinct from new.reporter_id;
  return null;
end
$$;
comment on function private.reports_after_insert() is
  'After a report is filed: a new_report notification for every moderator and admin but the reporter.';

create trigger reports_after_insert after insert on public.reports
  for each row execute function private.reports_after_insert();

-- A person reads a new_report notification only while they may read the report itself, i.e. while
-- they are on the team (reports_select_own_or_moderator): someone who leaves the team keeps no
-- trace of the reports that came in meanwhile. The other conditions are those of 20260703000200.
-- The exists() subqueries run under the ideas, comments and reports policies; all primary-key lookups.
drop policy if exists notifications_select_own on public.notifications;
create policy notifications_select_own on public.notifications for select to authenticated
  using (
    user_id = (select auth.uid())
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = notifications.idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = notifications.comment_id))
    and (report_id is null or exists (select 1 from public.reports r where r.id = notifications.report_id))
  );
