-- The team's answer templates leave blanks to fill in, marked with "…" (U+2026), for example
-- "Dit lukt nu niet. De reden is: … We nemen je idee wel mee in …". Such an answer passed the
-- length check and went online with its blanks, to the author, the voters and the followers.
-- set_idea_status now refuses a message that still holds the marker: update_message_unfinished.
-- The form checks the same before sending; this is the rule.
--
-- Only set_idea_status: merge_idea's template quotes the idea's title, which a resident may have
-- written with an ellipsis, and has no blanks of its own.

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
  if strpos(msg, U&'\2026') > 0 then
    raise exception using errcode = 'P0001', message = 'update_message_unfinished',
      detail = 'Fill in every blank (…) of the template before the answer goes online.';
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
  'Team only. Sets an idea''s status with a public B1 message (>= 20 characters after new, no unfilled "…" blanks); in_coalition needs a coalition.';
