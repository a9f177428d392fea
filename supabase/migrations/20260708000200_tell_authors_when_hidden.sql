-- "Betrouwbaar zijn!": when the team hides an idea or a comment, its author hears about it
-- instead of finding it gone. The author gets a bericht (idea_hidden or comment_hidden) that
-- leads to the idea, where they can read the team's reason; a hidden idea and a hidden comment stay
-- visible to their author (20260601001400, 20260601001900), so the notification policy of
-- 20260705000300 lets them read it. Nobody else is told. Showing it again (unhide) sends nothing.
alter type public.notification_kind add value if not exists 'idea_hidden';
alter type public.notification_kind add value if not exists 'comment_hidden';

create or replace function private.tell_author_when_hidden()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.author_id is null then
    return null;
  end if;
  if tg_table_name = 'ideas' then
    insert into public.notifications (user_id, kind, idea_id)
    values (new.author_id, 'idea_hidden', new.id);
  else
    insert into public.notifications (user_id, kind, idea_id, comment_id)
    values (new.author_id, 'comment_hidden', new.idea_id, new.id);
  end if;
  return null;
end
$$;
comment on function private.tell_author_when_hidden() is
  'After the team hides an idea or a comment: a bericht for its author (idea_hidden, comment_hidden).';

create trigger ideas_tell_author_when_hidden after update of hidden_at on public.ideas
  for each row when (old.hidden_at is null and new.hidden_at is not null)
  execute function private.tell_author_when_hidden();
create trigger comments_tell_author_when_hidden after update of hidden_at on public.comments
  for each row when (old.hidden_at is null and new.hidden_at is not null)
  execute function private.tell_author_when_hidden();
