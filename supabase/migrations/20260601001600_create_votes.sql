create table public.votes (
  idea_id uuid not null references public.ideas (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (idea_id, user_id)
);
alter table public.votes enable row level security;
comment on table public.votes is 'One support vote per person per idea. Who voted is private: a person sees only their own votes; counts are public in ideas.vote_count.';

create index votes_user_id_created_at_idx on public.votes (user_id, created_at desc);

revoke all on public.votes from anon, authenticated;
grant select, delete on public.votes to authenticated;
grant insert (idea_id) on public.votes to authenticated;

create policy votes_select_own on public.votes for select to authenticated using (user_id = (select auth.uid()));
create policy votes_insert_own on public.votes for insert to authenticated with check (user_id = (select auth.uid()));
create policy votes_delete_own on public.votes for delete to authenticated using (user_id = (select auth.uid()));

-- Needs the votes table, so it is attached here.
create trigger ideas_before_delete before delete on public.ideas
  for each row execute function private.ideas_before_delete();
