-- Photos on ideas (issue 15): up to 3 per idea, each with a short description used as its alt
-- text, kept in Supabase Storage in the private bucket `idea-photos` under
-- `<author id>/<idea id>/<photo id>.<webp|jpg>` (and `<photo id>-thumb.<webp|jpg>` beside it).
--
-- public.idea_photos holds what the files need around them: the idea, the author, the order,
-- the description, the pixel sizes (so cards reserve the space) and the team's hiding. A photo is
-- a row first: the author inserts it (RLS: their own idea, not hidden, not withdrawn; a trigger
-- takes the idea's row lock and refuses a fourth photo), then uploads the two files. The storage
-- policies let a file in only at the two names of an existing row of the caller, so a row is the
-- only way to a file: the limit of 3 and the rate limit (attempts, counted on the row inserts,
-- not on what survives) hold for storage too. Who may read a file is who may read its row: who
-- may see the idea (private.may_see_idea: a hidden or withdrawn idea's photos are the author's
-- and the team's only), and a photo the team hid is for its author and the team only.
--
-- All of this is plain SQL on tables a hosted project already has (storage.buckets,
-- storage.objects with RLS on): `supabase db push` creates the bucket and policies unchanged.

insert into private.limits (action, max_count, per) values ('idea_photos', 20, interval '1 hour')
on conflict (action) do nothing;

create table public.idea_photos (
  id uuid primary key default gen_random_uuid(),
  idea_id uuid not null references public.ideas (id) on delete cascade,
  author_id uuid not null references auth.users (id) on delete cascade,
  position smallint not null default 1 check (position between 1 and 3),
  format text not null check (format in ('webp', 'jpg')),
  description text not null,
  width integer not null check (width between 1 and 1600),
  height integer not null check (height between 1 and 1600),
  thumb_width integer not null check (thumb_width between 1 and 480),
  thumb_height integer not null check (thumb_height between 1 and 480),
  hidden_at timestamptz,
  hidden_reason text check (hidden_reason is null or char_length(hidden_reason) <= 500),
  hidden_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  path text generated always as (
    author_id::text || '/' || idea_id::text || '/' || id::text || '.' || format) stored,
  thumb_path text generated always as (
    author_id::text || '/' || idea_id::text || '/' || id::text || '-thumb.' || format) stored,
  unique (idea_id, position),
  constraint idea_photos_description_length
    check (char_length(btrim(description)) between 3 and 200)
);
comment on table public.idea_photos is
  'Up to 3 photos per idea: the files are in Storage (bucket idea-photos) at path and thumb_path; description is the alt text.';
create index idea_photos_idea_id_idx on public.idea_photos (idea_id, position);
create index idea_photos_author_id_idx on public.idea_photos (author_id);
create unique index idea_photos_path_idx on public.idea_photos (path);
create unique index idea_photos_thumb_path_idx on public.idea_photos (thumb_path);
create index idea_photos_hidden_by_idx on public.idea_photos (hidden_by) where hidden_by is not null;

alter table public.idea_photos enable row level security;
revoke all on public.idea_photos from public, anon, authenticated, service_role;
grant select on public.idea_photos to anon, authenticated, service_role;
grant insert (id, idea_id, author_id, format, description, width, height, thumb_width, thumb_height)
  on public.idea_photos to authenticated;
grant delete on public.idea_photos to authenticated;
grant all on public.idea_photos to service_role;

-- Who may read a photo's row (and so its files): who may see the idea; a hidden photo only its
-- author and the team.
create or replace function private.may_see_photo(p_user uuid, p_idea uuid, p_author uuid, p_hidden timestamptz)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.may_see_idea(p_user, p_idea)
     and (p_hidden is null or p_author = p_user
          or exists (select 1 from public.profiles p where p.id = p_user and p.role in ('moderator', 'admin')))
$$;
comment on function private.may_see_photo(uuid, uuid, uuid, timestamptz) is
  'A photo is visible to whoever may see its idea; a photo the team hid only to its author and the team.';
revoke all on function private.may_see_photo(uuid, uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function private.may_see_photo(uuid, uuid, uuid, timestamptz) to anon, authenticated, service_role;

create policy idea_photos_select on public.idea_photos for select to anon, authenticated
  using ((select private.may_see_photo((select auth.uid()), idea_id, author_id, hidden_at)));

-- The author adds photos to their own idea while it is neither hidden nor withdrawn.
create policy idea_photos_insert_author on public.idea_photos for insert to authenticated
  with check (
    author_id = (select auth.uid())
    and exists (select 1 from public.ideas i
                 where i.id = idea_id and i.author_id = (select auth.uid())
                   and i.hidden_at is null and i.withdrawn_at is null)
  );

-- The author removes their own photo (the files go through the Storage API); not one the team hid.
create policy idea_photos_delete_author on public.idea_photos for delete to authenticated
  using (author_id = (select auth.uid()) and hidden_at is null);

-- The order, the limit and the description: under the idea's row lock, so two uploads at the
-- same moment cannot both be the third.
create or replace function private.idea_photos_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  taken smallint[];
  target record;
begin
  select i.hidden_at, i.withdrawn_at into target from public.ideas i where i.id = new.idea_id for update;
  if target.hidden_at is not null then
    raise exception using errcode = 'P0001', message = 'idea_hidden_by_team',
      detail = 'The team hid this idea; it stays as it was.', hint = 'idea_hidden_by_team';
  end if;
  if target.withdrawn_at is not null then
    raise exception using errcode = 'P0001', message = 'idea_withdrawn',
      detail = 'This idea was withdrawn.', hint = 'idea_withdrawn';
  end if;
  new.description := private.clean_text(new.description);
  if char_length(btrim(new.description)) < 3 then
    raise exception using errcode = 'P0001', message = 'photo_description_too_short',
      hint = 'photo_description_too_short';
  end if;
  if char_length(btrim(new.description)) > 200 then
    raise exception using errcode = 'P0001', message = 'photo_description_too_long',
      hint = 'photo_description_too_long';
  end if;
  select coalesce(array_agg(p.position), '{}') into taken
    from public.idea_photos p where p.idea_id = new.idea_id;
  if coalesce(array_length(taken, 1), 0) >= 3 then
    raise exception using errcode = 'P0001', message = 'too_many_photos',
      detail = 'An idea has at most 3 photos.', hint = 'too_many_photos';
  end if;
  new.position := (select min(n) from generate_series(1, 3) n where n <> all (taken));
  new.hidden_at := null;
  new.hidden_reason := null;
  new.hidden_by := null;
  new.created_at := now();
  return new;
end
$$;
comment on function private.idea_photos_before_insert() is
  'Before a photo row: the idea must be open (not hidden, not withdrawn), at most 3 photos per idea (under the idea''s row lock), a description of 3 to 200 characters; sets position.';
revoke all on function private.idea_photos_before_insert() from public, anon, authenticated;

create trigger idea_photos_before_insert before insert on public.idea_photos
  for each row execute function private.idea_photos_before_insert();
create trigger idea_photos_record_attempt after insert on public.idea_photos
  for each row when (private.is_api_caller())
  execute function private.record_attempt('idea_photos');

-- The team hides a photo with a reason (and shows it again), like a comment.
create or replace function public.hide_idea_photo(p_photo_id uuid, p_reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not (select private.is_moderator()) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_reason is null or char_length(btrim(p_reason)) < 3 or char_length(p_reason) > 500 then
    raise exception using errcode = 'P0001', message = 'hide_reason_needed', hint = 'hide_reason_needed';
  end if;
  update public.idea_photos
     set hidden_at = now(), hidden_reason = btrim(p_reason), hidden_by = (select auth.uid())
   where id = p_photo_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'photo_not_found';
  end if;
end
$$;
comment on function public.hide_idea_photo(uuid, text) is
  'The team hides a photo, with the reason its author sees. Only moderators and admins.';

create or replace function public.unhide_idea_photo(p_photo_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not (select private.is_moderator()) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  update public.idea_photos set hidden_at = null, hidden_reason = null, hidden_by = null
   where id = p_photo_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'photo_not_found';
  end if;
end
$$;
comment on function public.unhide_idea_photo(uuid) is 'The team shows a hidden photo again.';

revoke all on function public.hide_idea_photo(uuid, text) from public, anon;
revoke all on function public.unhide_idea_photo(uuid) from public, anon;
grant execute on function public.hide_idea_photo(uuid, text) to authenticated, service_role;
grant execute on function public.unhide_idea_photo(uuid) to authenticated, service_role;

-- The bucket: private, JPEG and WebP only, 1 MB per file (the browser aims at 400 KB).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('idea-photos', 'idea-photos', false, 1048576, array['image/jpeg', 'image/webp'])
on conflict (id) do update
  set public = excluded.public, file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types;

-- Files go in only at the names of the caller's own photo row (their folder, their idea). No
-- update policy: a file is never replaced (x-upsert is refused), a new photo is a new row.
create policy idea_photos_objects_insert on storage.objects for insert to authenticated
  with check (
    bucket_id = 'idea-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and exists (select 1 from public.idea_photos p
                 join public.ideas i on i.id = p.idea_id
                 where name in (p.path, p.thumb_path)
                   and p.author_id = (select auth.uid()) and p.hidden_at is null
                   and i.hidden_at is null and i.withdrawn_at is null)
  );

create policy idea_photos_objects_select on storage.objects for select to anon, authenticated
  using (
    bucket_id = 'idea-photos'
    and exists (select 1 from public.idea_photos p
                 where name in (p.path, p.thumb_path)
                   and (select private.may_see_photo((select auth.uid()), p.idea_id, p.author_id, p.hidden_at)))
  );

-- The author removes their own files (a photo taken back, an account deleted). The row may
-- already be gone, so the folder decides.
create policy idea_photos_objects_delete on storage.objects for delete to authenticated
  using (bucket_id = 'idea-photos' and (storage.foldername(name))[1] = (select auth.uid())::text);
