create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  idea_id uuid references public.ideas (id) on delete cascade,
  comment_id uuid references public.comments (id) on delete cascade,
  idea_update_id uuid references public.idea_updates (id) on delete cascade,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
alter table public.notifications enable row level security;
comment on table public.notifications is 'Berichten per person, created by triggers. A person reads, marks read (read_at) and deletes only their own.';

create index notifications_user_id_created_at_idx on public.notifications (user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;
create index notifications_idea_id_idx on public.notifications (idea_id);
create index notifications_comment_id_idx on public.notifications (comment_id);
create index notifications_idea_update_id_idx on public.notifications (idea_update_id);

revoke all on public.notifications from anon, authenticated;
grant select, delete on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;

create policy notifications_select_own on public.notifications for select to authenticated using (user_id = (select auth.uid()));
create policy notifications_update_own on public.notifications for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy notifications_delete_own on public.notifications for delete to authenticated using (user_id = (select auth.uid()));
