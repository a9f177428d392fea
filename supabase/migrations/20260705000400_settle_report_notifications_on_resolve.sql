-- Every moderator and admin gets a new_report notification (20260705000300). Once one of them
-- resolves the report, it asks nothing more of the others: their notifications about it are marked
-- read, so nobody opens a report that a colleague already handled. The notification itself stays,
-- as a record, until the report goes.
create or replace function private.reports_after_resolve()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.notifications n
     set read_at = new.resolved_at
   where n.report_id = new.id and n.kind = 'new_report' and n.read_at is null;
  return null;
end
$$;
comment on function private.reports_after_resolve() is
  'After a report is resolved: the team''s new_report notifications about it are marked read.';

create trigger reports_after_resolve after update of resolved_at on public.reports
  for each row when (old.resolved_at is null and new.resolved_at is not null)
  execute function private.reports_after_resolve();
