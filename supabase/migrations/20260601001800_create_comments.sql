create table public.comments (
  id uuid primary key default gen_random_uuid(),
  idea_id uuid not null references public.ideas (id) on delete cascade,
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  parent_id uuid references public.comments (id) on delete cascade,
  body text not null,
  hidden_at timestamptz,
  hidden_reason text,
  hidden_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint comments_body_length check (char_length(body) between 1 and 2000),
  constraint comments_hidden_has_reason check (hidden_at is null or hidden_reason is not null),
  constraint comments_not_own_parent check (parent_id <> id)
);
alter table public.comments enable row level security;
comment on table public.comments is 'Comments on ideas, with one level of replies (parent_id). Hidden comments are visible only to their author and the team. author_id is null after account deletion.';

create index comments_idea_id_created_at_idx on public.comments (idea_id, created_at);
create index comments_author_id_idx on public.comments (author_id);
create index comments_parent_id_idx on public.comments (parent_id);

create trigger comments_set_updated_at
  before update on public.comments
  for each row execute function private.set_updated_at();

revoke all on public.comments from anon, authenticated;
grant select on public.comments to anon, authenticated;
grant insert (id, idea_id, parent_id, body) on public.comments to authenticated;
grant update (body) on public.comments to authenticated;

create policy comments_select_anon on public.comments for select to anon using (hidden_at is null);
create policy comments_select_authenticated on public.comments for select to authenticated
  using (hidden_at is null or author_id = (select auth.uid()) or (select private.is_moderator()));
-- Only on ideas the commenter can see (a hidden idea takes no comments from others).
create policy comments_insert_author on public.comments for insert to authenticated
  with check (author_id = (select auth.uid()) and exists (select 1 from public.ideas i where i.id = idea_id));
create policy comments_update_author on public.comments for update to authenticated
  using (author_id = (select auth.uid())) with check (author_id = (select auth.uid()));
