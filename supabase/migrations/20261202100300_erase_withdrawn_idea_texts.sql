-- A withdrawn idea leaves every public place at once (20261202100200), but its text stayed in the
-- database for good. Now erase_withdrawn_ideas() erases the title, body and location of ideas
-- withdrawn more than 30 days ago; a scheduled job calls it daily (pg_cron below, where the
-- extension is installed). The row itself stays, with a placeholder text, so that other people's
-- comments, votes and reports keep their idea.
--
-- Unless a report or a hiding needs the text: when the idea has an open report or the team hid
-- it, the text is first copied to withdrawn_idea_snapshots, which only the team can read, and
-- erased from the idea all the same. A snapshot goes at the next run after the last open report
-- is resolved and the idea is no longer hidden.

create table public.withdrawn_idea_snapshots (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  title text not null,
  body text not null,
  lat numeric(8, 6),
  lng numeric(8, 6),
  withdrawn_at timestamptz not null,
  taken_at timestamptz not null default now()
);
alter table public.withdrawn_idea_snapshots enable row level security;
comment on table public.withdrawn_idea_snapshots is
  'The text of a withdrawn idea, kept for the team only while an open report or a hiding needs it after the text was erased from the idea.';
revoke all on public.withdrawn_idea_snapshots from anon, authenticated;
grant select on public.withdrawn_idea_snapshots to authenticated;
create policy withdrawn_idea_snapshots_select_moderator on public.withdrawn_idea_snapshots
  for select to authenticated using ((select private.is_moderator()));

create or replace function private.erase_withdrawn_ideas(keep_for interval default interval '30 days')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.ideas;
  erased integer := 0;
begin
  for target in
    select * from public.ideas i
     where i.withdrawn_at is not null and i.text_erased_at is null
       and i.withdrawn_at <= now() - keep_for
     order by i.withdrawn_at
       for update skip locked
  loop
    if target.hidden_at is not null
       or exists (select 1 from public.reports r where r.idea_id = target.id and r.resolved_at is null) then
      insert into public.withdrawn_idea_snapshots (idea_id, title, body, lat, lng, withdrawn_at)
      values (target.id, target.title, target.body, target.lat, target.lng, target.withdrawn_at)
      on conflict (idea_id) do nothing;
    end if;
    update public.ideas i
       set title = 'Ingetrokken idee',
           body = 'De schrijver heeft dit idee ingetrokken. De tekst is gewist.',
           lat = null, lng = null, text_erased_at = now()
     where i.id = target.id;
    erased := erased + 1;
  end loop;

  delete from public.withdrawn_idea_snapshots s
   using public.ideas i
   where i.id = s.idea_id and i.hidden_at is null
     and not exists (select 1 from public.reports r where r.idea_id = i.id and r.resolved_at is null);
  return erased;
end
$$;
comment on function private.erase_withdrawn_ideas(interval) is
  'Erases the text of ideas withdrawn longer than keep_for ago (snapshot for the team when an open report or a hiding needs it) and drops snapshots no longer needed. Run daily.';
revoke execute on function private.erase_withdrawn_ideas(interval) from public, anon, authenticated;
grant execute on function private.erase_withdrawn_ideas(interval) to service_role;

-- Hosted Supabase: enable pg_cron (Database → Extensions) and this job runs every night. Where
-- the extension is missing (the local stack), run `select private.erase_withdrawn_ideas()`
-- from any scheduler, or enable pg_cron and schedule it as below.
do $$
begin
  if exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') then
    execute $job$select cron.schedule('erase-withdrawn-ideas', '17 3 * * *',
                                       'select private.erase_withdrawn_ideas()')$job$;
  end if;
end
$$;
