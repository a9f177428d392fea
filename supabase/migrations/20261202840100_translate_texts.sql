-- Read in your own language (issue #14). Ideas, comments and the team's public answers can be
-- machine translated on request by the Edge Function `translate` (DeepL or LibreTranslate).
--
-- 1. Every text knows its language: `language` on ideas, comments and idea_updates, set when the
--    text is written. The default is the writer's interface language (profiles.locale); the idea
--    and comment forms may choose another of the five.
-- 2. public.translations keeps each translation once per source text and target language, keyed
--    by the source's table, row, field, target language and a hash of the source text. A text
--    that is edited has another hash, so its old translation no longer counts and is deleted by
--    the triggers below; a withdrawn idea's erased text takes its translations with it.
-- 3. A translation is readable by who may read its source text, as it is now (RLS through the
--    source table's own policies): a hidden or withdrawn idea's or comment's translation is
--    hidden too.
-- 4. Translating costs money: request_translation() counts every translation a person asks the
--    provider for in private.attempts (kind `translations`) and refuses over the limit. Texts
--    already translated are served from the table and cost nothing.

-- 1. The language of a text --------------------------------------------------------------------

create or replace function private.writer_language()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select p.locale from public.profiles p where p.id = (select auth.uid())),
    'nl'
  )
$$;
comment on function private.writer_language() is
  'The interface language of the person writing (profiles.locale), Dutch without one: the default language of a new idea, comment or answer.';
revoke all on function private.writer_language() from public, anon, authenticated;
grant execute on function private.writer_language() to authenticated, service_role;

alter table public.ideas
  add column language text not null default private.writer_language(),
  add constraint ideas_language_known check (language in ('nl', 'en', 'tr', 'ar', 'pl'));
alter table public.comments
  add column language text not null default private.writer_language(),
  add constraint comments_language_known check (language in ('nl', 'en', 'tr', 'ar', 'pl'));
alter table public.idea_updates
  add column language text not null default private.writer_language(),
  add constraint idea_updates_language_known check (language in ('nl', 'en', 'tr', 'ar', 'pl'));
comment on column public.ideas.language is 'The language the idea is written in (nl, en, tr, ar, pl).';
comment on column public.comments.language is 'The language the comment is written in (nl, en, tr, ar, pl).';
comment on column public.idea_updates.language is 'The language the answer is written in (nl, en, tr, ar, pl).';

grant select (language), insert (language), update (language) on public.ideas to authenticated;
grant select (language) on public.ideas to anon;
grant insert (language), update (language) on public.comments to authenticated;

-- submit_idea takes the language the form chose (restated from
-- 20261202100400_point_merged_ideas_only_at_visible_ideas.sql; only `language` is new).
drop function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric);
create function public.submit_idea(
  id uuid,
  title text,
  body text,
  kind public.idea_kind,
  theme_id uuid,
  neighbourhood_id uuid,
  lat numeric default null,
  lng numeric default null,
  language text default null
)
returns public.ideas
language plpgsql
security invoker
set search_path = ''
as $$
declare
  result public.ideas;
begin
  result := private.own_idea(submit_idea.id);
  if result.id is not null then
    return result;
  end if;
  insert into public.ideas as i (id, title, body, kind, theme_id, neighbourhood_id, lat, lng,
                                 language)
  values (submit_idea.id, submit_idea.title, submit_idea.body, submit_idea.kind, submit_idea.theme_id,
          submit_idea.neighbourhood_id, submit_idea.lat, submit_idea.lng,
          coalesce(submit_idea.language, private.writer_language()))
  on conflict on constraint ideas_pkey do nothing;
  -- Saved now, or a concurrent retry of the same idea won the race, or the id is someone else's.
  result := private.own_idea(submit_idea.id);
  if result.id is null then
    raise exception using errcode = '23505', message = 'idea_id_taken',
      detail = 'An idea with this id exists and is not yours.';
  end if;
  return result;
end
$$;
comment on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric, text) is
  'Saves a new idea of the caller, idempotently: a retry with the same id returns the saved idea. language: the language it is written in (the writer''s interface language when null).';
revoke execute on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric, text) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, public.idea_kind, uuid, uuid, numeric, numeric, text) to authenticated, service_role;

-- 2. The translations ---------------------------------------------------------------------------

create or replace function private.text_hash(t text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(t, 'UTF8')), 'hex')
$$;
comment on function private.text_hash(text) is
  'SHA-256 of a text (hex): which version of a source text a translation belongs to.';
revoke all on function private.text_hash(text) from public, anon, authenticated;
grant execute on function private.text_hash(text) to authenticated, service_role;

create table public.translations (
  source_table text not null,
  source_id uuid not null,
  field text not null,
  target_language text not null,
  source_hash text not null,
  source_language text not null,
  translated_text text not null,
  provider text not null,
  created_at timestamptz not null default now(),
  constraint translations_pkey
    primary key (source_table, source_id, field, target_language, source_hash),
  constraint translations_field_known check (
    (source_table = 'ideas' and field in ('title', 'body'))
    or (source_table = 'comments' and field = 'body')
    or (source_table = 'idea_updates' and field = 'message')
  ),
  constraint translations_target_known check (target_language in ('nl', 'en', 'tr', 'ar', 'pl')),
  constraint translations_source_known check (source_language in ('nl', 'en', 'tr', 'ar', 'pl')),
  constraint translations_text_length check (char_length(translated_text) between 1 and 20000),
  constraint translations_provider_known check (provider in ('deepl', 'libretranslate'))
);
alter table public.translations enable row level security;
comment on table public.translations is
  'Machine translations of ideas, comments and answers, one per source text version (source_hash) and target language. Readable by who may read the source text; written only by the Edge Function translate (service role, store_translation()).';

revoke all on public.translations from public, anon, authenticated;
grant select on public.translations to authenticated;
grant select, insert, delete on public.translations to service_role;

-- Who may read the source text, in its current version, may read its translation. The
-- subqueries run under the source tables' own policies (hidden, withdrawn, comments of hidden
-- ideas), so this follows every rule there is and will be.
create policy translations_select_visible on public.translations for select to authenticated
  using (
    case source_table
      when 'ideas' then exists (
        select 1 from public.ideas i
         where i.id = source_id
           and private.text_hash(case field when 'title' then i.title else i.body end) = source_hash)
      when 'comments' then exists (
        select 1 from public.comments c
         where c.id = source_id and private.text_hash(c.body) = source_hash)
      when 'idea_updates' then exists (
        select 1 from public.idea_updates u
         where u.id = source_id and private.text_hash(u.message) = source_hash)
      else false
    end
  );

-- Translations of a text that changed or is gone are deleted with it (an edit, the erasure of a
-- withdrawn idea's text, a removed row): nothing of an old text stays behind in a translation.
create or replace function private.forget_stale_translations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    delete from public.translations t
     where t.source_table = tg_table_name and t.source_id = old.id;
    return null;
  end if;
  if tg_table_name = 'ideas' then
    delete from public.translations t
     where t.source_table = 'ideas' and t.source_id = new.id
       and t.source_hash <> private.text_hash(case t.field when 'title' then new.title else new.body end);
  elsif tg_table_name = 'comments' then
    delete from public.translations t
     where t.source_table = 'comments' and t.source_id = new.id
       and t.source_hash <> private.text_hash(new.body);
  end if;
  return null;
end
$$;
comment on function private.forget_stale_translations() is
  'After-row trigger on ideas, comments and idea_updates: deletes the translations of a text that changed or was deleted.';
revoke all on function private.forget_stale_translations() from public, anon, authenticated;

create trigger ideas_forget_stale_translations after update of title, body on public.ideas
  for each row when (old.title is distinct from new.title or old.body is distinct from new.body)
  execute function private.forget_stale_translations();
create trigger ideas_forget_deleted_translations after delete on public.ideas
  for each row execute function private.forget_stale_translations();
create trigger comments_forget_stale_translations after update of body on public.comments
  for each row when (old.body is distinct from new.body)
  execute function private.forget_stale_translations();
create trigger comments_forget_deleted_translations after delete on public.comments
  for each row execute function private.forget_stale_translations();
create trigger idea_updates_forget_deleted_translations after delete on public.idea_updates
  for each row execute function private.forget_stale_translations();

-- 3. Asking for a translation -------------------------------------------------------------------

insert into private.limits (action, max_count, per) values ('translations', 30, interval '1 hour')
on conflict (action) do nothing;

-- Counts one translation from the provider for the caller and refuses over the limit. Runs as
-- owner: the caller has no rights on private.attempts.
create or replace function private.count_translation()
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  recent bigint;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtext('rate_limit:translations'), pg_catalog.hashtext(uid::text));
  insert into private.attempts (user_id, action) values (uid, 'translations');
  select count(*) into recent
    from private.attempts a
   where a.user_id = uid and a.action = 'translations'
     and a.at > now() - private.limit_window('translations');
  perform private.enforce_limit('translations', recent);
end
$$;
comment on function private.count_translation() is
  'Writes one `translations` attempt for auth.uid() and refuses once over the limit (rate_limited: translations).';
revoke all on function private.count_translation() from public, anon, authenticated;
grant execute on function private.count_translation() to authenticated;

-- Called by the Edge Function with the CALLER's token, so every read below is the caller's own
-- (RLS): a text they may not read is not found. Returns the stored translation when there is
-- one; otherwise counts the request against the limit and returns the text to translate.
create or replace function public.request_translation(
  source_table text,
  source_id uuid,
  field text,
  target_language text
)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  src text;
  src_language text;
  src_hash text;
  done text;
begin
  if (select auth.uid()) is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  if request_translation.target_language is null
     or request_translation.target_language not in ('nl', 'en', 'tr', 'ar', 'pl') then
    raise exception using errcode = '22023', message = 'translation_language_unknown';
  end if;
  case
    when request_translation.source_table = 'ideas' and request_translation.field in ('title', 'body') then
      select case request_translation.field when 'title' then i.title else i.body end, i.language
        into src, src_language
        from public.ideas i where i.id = request_translation.source_id;
    when request_translation.source_table = 'comments' and request_translation.field = 'body' then
      select c.body, c.language into src, src_language
        from public.comments c where c.id = request_translation.source_id;
    when request_translation.source_table = 'idea_updates' and request_translation.field = 'message' then
      select u.message, u.language into src, src_language
        from public.idea_updates u where u.id = request_translation.source_id;
    else
      raise exception using errcode = '22023', message = 'translation_field_unknown';
  end case;
  if src is null then
    raise exception using errcode = 'P0002', message = 'translation_not_found';
  end if;
  src_hash := private.text_hash(src);
  if src_language = request_translation.target_language then
    return jsonb_build_object('translation', src, 'source_language', src_language,
                              'source_hash', src_hash, 'cached', true);
  end if;
  select t.translated_text into done
    from public.translations t
   where t.source_table = request_translation.source_table
     and t.source_id = request_translation.source_id
     and t.field = request_translation.field
     and t.target_language = request_translation.target_language
     and t.source_hash = src_hash;
  if done is not null then
    return jsonb_build_object('translation', done, 'source_language', src_language,
                              'source_hash', src_hash, 'cached', true);
  end if;
  perform private.count_translation();
  return jsonb_build_object('text', src, 'source_language', src_language,
                            'source_hash', src_hash, 'cached', false);
end
$$;
comment on function public.request_translation(text, uuid, text, text) is
  'For the Edge Function translate, with the caller''s token: the stored translation of a text the caller may read, or the text itself to translate (counted against the caller''s limit).';
revoke all on function public.request_translation(text, uuid, text, text) from public, anon;
grant execute on function public.request_translation(text, uuid, text, text) to authenticated;

-- Stores what the provider answered, only while the source text is still the one translated
-- (the hash), and drops translations of older versions of that text. Service role only.
create or replace function public.store_translation(
  source_table text,
  source_id uuid,
  field text,
  target_language text,
  source_hash text,
  source_language text,
  translated_text text,
  provider text
)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  current_text text;
begin
  current_text := case
    when store_translation.source_table = 'ideas' then (
      select case store_translation.field when 'title' then i.title else i.body end
        from public.ideas i where i.id = store_translation.source_id)
    when store_translation.source_table = 'comments' then (
      select c.body from public.comments c where c.id = store_translation.source_id)
    when store_translation.source_table = 'idea_updates' then (
      select u.message from public.idea_updates u where u.id = store_translation.source_id)
  end;
  if current_text is null or private.text_hash(current_text) <> store_translation.source_hash then
    return false;
  end if;
  delete from public.translations t
   where t.source_table = store_translation.source_table
     and t.source_id = store_translation.source_id
     and t.field = store_translation.field
     and t.target_language = store_translation.target_language
     and t.source_hash <> store_translation.source_hash;
  insert into public.translations as t (source_table, source_id, field, target_language,
                                        source_hash, source_language, translated_text, provider)
  values (store_translation.source_table, store_translation.source_id, store_translation.field,
          store_translation.target_language, store_translation.source_hash,
          store_translation.source_language, store_translation.translated_text,
          store_translation.provider)
  on conflict on constraint translations_pkey
  do update set translated_text = excluded.translated_text, provider = excluded.provider,
                created_at = now();
  return true;
end
$$;
comment on function public.store_translation(text, uuid, text, text, text, text, text, text) is
  'For the Edge Function translate (service role): stores a translation while its source text is unchanged.';
revoke all on function public.store_translation(text, uuid, text, text, text, text, text, text) from public, anon, authenticated;
grant execute on function public.store_translation(text, uuid, text, text, text, text, text, text) to service_role;
