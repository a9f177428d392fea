create table public.reports (
  id uuid primary key default gen_random_uuid(),
  reporter_id uuid default auth.uid() references public.profiles (id) on delete set null,
  idea_id uuid references public.ideas (id) on delete cascade,
  comment_id uuid references public.comments (id) on delete cascade,
  reason text not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references public.profiles (id) on delete set null,
  resolution_note text,
  constraint reports_one_target check (num_nonnulls(idea_id, comment_id) = 1),
  constraint reports_reason_length check (char_length(reason) between 3 and 500),
  constraint reports_reporter_idea_key unique (reporter_id, idea_id),
  constraint reports_reporter_comment_key unique (reporter_id, comment_id)
);
alter table public.reports enable row level security;
comment on table public.reports is 'Abuse reports on an idea or a comment, once per person and target. The team sees and resolves them (resolve_report); a reporter sees their own.';

create index reports_idea_id_idx on public.reports (idea_id);
create index reports_comment_id_idx on public.reports (comment_id);
create index reports_resolved_by_idx on public.reports (resolved_by);
create index reports_open_idx on public.reports (created_at) where resolved_at is null;
create index reports_reporter_created_at_idx on public.reports (reporter_id, created_at);

revoke all on public.reports from anon, authenticated;
grant select on public.reports to authenticated;
grant insert (id, idea_id, comment_id, reason) on public.reports to authenticated;

create policy reports_select_own_or_moderator on public.reports for select to authenticated
  using (reporter_id = (select auth.uid()) or (select private.is_moderator()));
create policy reports_insert_own on public.reports for insert to authenticated
  with check (reporter_id = (select auth.uid()));

create or replace function private.reports_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  recent bigint;
begin
  new.reason := private.clean_text(new.reason);
  if private.is_api_caller() then
    new.created_at := now();
    new.resolved_at := null;
    new.resolved_by := null;
    new.resolution_note := null;
    select count(*) + 1 into recent from public.reports r
     where r.reporter_id = new.reporter_id and r.created_at > now() - private.limit_window('reports');
    perform private.enforce_limit('reports', recent);
  end if;
  return new;
end
$$;

create trigger reports_before_insert before insert on public.reports
  for each row execute function private.reports_before_insert();
