create table public.idea_updates (
  id uuid primary key default gen_random_uuid(),
  idea_id uuid not null references public.ideas (id) on delete cascade,
  status public.idea_status not null,
  message text not null,
  author_id uuid references public.profiles (id) on delete set null,
  coalition_id uuid references public.coalitions (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint idea_updates_message_length check (char_length(message) between 1 and 5000)
);
alter table public.idea_updates enable row level security;
comment on table public.idea_updates is 'The public trail of an idea: every status change with its B1 message. Written only by set_idea_status() and merge_idea().';

create index idea_updates_idea_id_created_at_idx on public.idea_updates (idea_id, created_at);
create index idea_updates_author_id_idx on public.idea_updates (author_id);
create index idea_updates_coalition_id_idx on public.idea_updates (coalition_id);

revoke all on public.idea_updates from anon, authenticated;
grant select on public.idea_updates to anon, authenticated;

-- Visible when the idea is (the subquery runs under the ideas policies).
create policy idea_updates_select_all on public.idea_updates for select to anon, authenticated
  using (exists (select 1 from public.ideas i where i.id = idea_id));
