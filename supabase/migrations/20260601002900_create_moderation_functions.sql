-- The team's actions. Each checks the caller's role, writes the public trail where it applies and
-- always the moderation log. Errors: not_allowed (42501), others P0001 with the key as message.

create or replace function public.set_idea_status(
  idea_id uuid, status public.idea_status, message text, coalition_id uuid default null
)
returns public.idea_updates
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  msg text := private.clean_text(message);
  target public.ideas;
  result public.idea_updates;
begin
  select * into target from public.ideas i where i.id = set_idea_status.idea_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  if set_idea_status.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'status_use_merge', detail = 'Use merge_idea to merge ideas.';
  end if;
  if target.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'idea_is_merged', detail = 'A merged idea does not change status.';
  end if;
  if set_idea_status.status <> 'new' and coalesce(char_length(msg), 0) < 20 then
    raise exception using errcode = 'P0001', message = 'status_message_too_short',
      detail = 'Explain every status change to residents in at least 20 characters.';
  end if;
  if set_idea_status.status = 'in_coalition' and coalesce(set_idea_status.coalition_id, target.coalition_id) is null then
    raise exception using errcode = 'P0001', message = 'status_needs_coalition',
      detail = 'Choose the coalition that takes up this idea.';
  end if;
  if set_idea_status.coalition_id is not null
     and not exists (select 1 from public.coalitions c where c.id = set_idea_status.coalition_id) then
    raise exception using errcode = 'P0002', message = 'coalition_not_found';
  end if;

  update public.ideas i
     set status = set_idea_status.status,
         coalition_id = coalesce(set_idea_status.coalition_id, i.coalition_id)
   where i.id = target.id;

  insert into public.idea_updates (idea_id, status, message, author_id, coalition_id)
  values (target.id, set_idea_status.status, coalesce(msg, 'Dit idee staat weer op nieuw.'), uid,
          coalesce(set_idea_status.coalition_id, target.coalition_id))
  returning * into result;

  perform private.log_moderation('set_status', 'ideas', target.id, msg,
    jsonb_build_object('from', target.status, 'to', set_idea_status.status, 'coalition_id', set_idea_status.coalition_id));
  return result;
end
$$;
comment on function public.set_idea_status(uuid, public.idea_status, text, uuid) is
  'Team only. Sets an idea''s status with a public B1 message (>= 20 characters after new); in_coalition needs a coalition.';

create or replace function public.merge_idea(duplicate uuid, original uuid, message text)
returns public.idea_updates
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  msg text := private.clean_text(message);
  dup public.ideas;
  orig public.ideas;
  result public.idea_updates;
  moved_votes integer;
begin
  if duplicate = original then
    raise exception using errcode = 'P0001', message = 'merge_same_idea';
  end if;
  -- Lock both in a fixed order so that two merges cannot deadlock.
  perform 1 from public.ideas i where i.id in (duplicate, original) order by i.id for update;
  select * into dup from public.ideas i where i.id = duplicate;
  select * into orig from public.ideas i where i.id = original;
  if dup.id is null or orig.id is null then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  if dup.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'idea_is_merged', detail = 'The duplicate was merged already.';
  end if;
  if orig.status = 'merged' then
    raise exception using errcode = 'P0001', message = 'merge_into_merged', detail = 'Merge into the idea it was merged into.';
  end if;
  if coalesce(char_length(msg), 0) < 20 then
    raise exception using errcode = 'P0001', message = 'status_message_too_short';
  end if;

  -- The trail first, so that the duplicate's voters and followers hear of it.
  insert into public.idea_updates (idea_id, status, message, author_id)
  values (dup.id, 'merged', msg, uid)
  returning * into result;

  -- Votes move without doubles; the count triggers keep both counts exact.
  insert into public.votes (idea_id, user_id, created_at)
  select orig.id, v.user_id, v.created_at from public.votes v where v.idea_id = dup.id
  on conflict do nothing;
  get diagnostics moved_votes = row_count;
  delete from public.votes v where v.idea_id = dup.id;

  insert into public.follows (user_id, idea_id, created_at)
  select f.user_id, orig.id, f.created_at from public.follows f where f.idea_id = dup.id
  on conflict do nothing;
  delete from public.follows f where f.idea_id = dup.id;

  update public.ideas i set status = 'merged', merged_into_id = orig.id where i.id = dup.id;

  perform private.log_moderation('merge', 'ideas', dup.id, msg,
    jsonb_build_object('into', orig.id, 'moved_votes', moved_votes));
  return result;
end
$$;
comment on function public.merge_idea(uuid, uuid, text) is
  'Team only. Marks the duplicate merged into the original, moves votes (no doubles) and followers, writes the trail.';

create or replace function public.hide_idea(idea_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  why text := private.clean_text(reason);
begin
  if coalesce(char_length(why), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.ideas i set hidden_at = now(), hidden_reason = why, hidden_by = uid where i.id = hide_idea.idea_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  perform private.log_moderation('hide', 'ideas', hide_idea.idea_id, why);
end
$$;

create or replace function public.unhide_idea(idea_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_moderator();
  update public.ideas i set hidden_at = null, hidden_reason = null, hidden_by = null where i.id = unhide_idea.idea_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  perform private.log_moderation('unhide', 'ideas', unhide_idea.idea_id);
end
$$;

create or replace function public.hide_comment(comment_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  why text := private.clean_text(reason);
begin
  if coalesce(char_length(why), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.comments c set hidden_at = now(), hidden_reason = why, hidden_by = uid where c.id = hide_comment.comment_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'comment_not_found';
  end if;
  perform private.log_moderation('hide', 'comments', hide_comment.comment_id, why);
end
$$;

create or replace function public.unhide_comment(comment_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_moderator();
  update public.comments c set hidden_at = null, hidden_reason = null, hidden_by = null where c.id = unhide_comment.comment_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'comment_not_found';
  end if;
  perform private.log_moderation('unhide', 'comments', unhide_comment.comment_id);
end
$$;

create or replace function public.resolve_report(report_id uuid, note text default null)
returns public.reports
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  result public.reports;
begin
  update public.reports r
     set resolved_at = now(), resolved_by = uid, resolution_note = private.clean_text(note)
   where r.id = resolve_report.report_id and r.resolved_at is null
  returning * into result;
  if not found then
    raise exception using errcode = 'P0002', message = 'report_not_found',
      detail = 'No open report with this id.';
  end if;
  perform private.log_moderation('resolve_report', 'reports', report_id, private.clean_text(note));
  return result;
end
$$;
