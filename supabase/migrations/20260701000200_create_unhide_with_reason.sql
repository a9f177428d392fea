-- Unhiding is a moderation decision too, so it carries a reason in the audit log. These overloads
-- take the reason; PostgREST picks them when the call names `reason`. The core one-argument
-- versions stay for callers that have none.
create or replace function public.unhide_idea(idea_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  why text := private.clean_text(reason);
begin
  perform private.require_moderator();
  if coalesce(char_length(why), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.ideas i set hidden_at = null, hidden_reason = null, hidden_by = null where i.id = unhide_idea.idea_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  perform private.log_moderation('unhide', 'ideas', unhide_idea.idea_id, why);
end
$$;

create or replace function public.unhide_comment(comment_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  why text := private.clean_text(reason);
begin
  perform private.require_moderator();
  if coalesce(char_length(why), 0) < 3 then
    raise exception using errcode = 'P0001', message = 'hide_reason_too_short';
  end if;
  update public.comments c set hidden_at = null, hidden_reason = null, hidden_by = null where c.id = unhide_comment.comment_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'comment_not_found';
  end if;
  perform private.log_moderation('unhide', 'comments', unhide_comment.comment_id, why);
end
$$;

revoke execute on function public.unhide_idea(uuid, text) from public, anon;
revoke execute on function public.unhide_comment(uuid, text) from public, anon;
grant execute on function public.unhide_idea(uuid, text) to authenticated, service_role;
grant execute on function public.unhide_comment(uuid, text) to authenticated, service_role;
