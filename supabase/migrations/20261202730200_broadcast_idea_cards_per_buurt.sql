-- The live lists every resident and visitor watches (the home list, a buurt, a district) hear about
-- ideas by Broadcast from the database instead of postgres_changes: one message per change on the
-- private topic `buurt:<neighbourhood id>`, and one on `buurt:alle` for the lists of all of
-- Woensel-Zuid. With postgres_changes, Realtime runs the ideas policies for every change and every
-- distinct listener; here the database decides once, in this trigger, what everyone may see.
--
-- What goes out is only what every listener may see:
--  - `card`: the card's public columns (as the idea_cards view shows them), for an idea everyone
--    may see (not hidden, not withdrawn), when something on the card changed. Never hidden_reason,
--    hidden_by, author_id or anything else of the row.
--  - `gone`: only the id, when an idea stops being visible to everyone (hidden, withdrawn, deleted,
--    moved to another buurt). A hidden idea sends nothing else: its author and the team follow it
--    on their own pages, which use postgres_changes under RLS.
--
-- Who may listen and send: RLS on realtime.messages (Supabase's table; Realtime runs these
-- policies with the listener's claims and realtime.topic()). Anyone, visitors included, may
-- receive broadcasts on `buurt:` topics; no policy lets anyone send there or use presence, so only
-- this trigger (security definer, as the table's owner: RLS does not apply) and the service role
-- do.

create or replace function private.broadcast_idea_card()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_public boolean := tg_op <> 'INSERT' and old.hidden_at is null and old.withdrawn_at is null;
  is_public boolean := tg_op <> 'DELETE' and new.hidden_at is null and new.withdrawn_at is null;
  card jsonb;
begin
  -- Gone from where it was seen: hidden, withdrawn, deleted, or moved to another buurt.
  if was_public and (not is_public or new.neighbourhood_id is distinct from old.neighbourhood_id) then
    perform realtime.send(jsonb_build_object('id', old.id), 'gone', 'buurt:' || old.neighbourhood_id, true);
    perform realtime.send(jsonb_build_object('id', old.id), 'gone', 'buurt:alle', true);
  end if;
  if not is_public then
    return null;
  end if;
  -- Nothing on the card changed (the search vector, updated_at, a team-only column): no message.
  if was_public and (new.title, new.body, new.kind, new.status, new.theme_id, new.neighbourhood_id,
                     new.vote_count, new.comment_count, new.channel, new.author_id)
                    is not distinct from
                    (old.title, old.body, old.kind, old.status, old.theme_id, old.neighbourhood_id,
                     old.vote_count, old.comment_count, old.channel, old.author_id) then
    return null;
  end if;
  select jsonb_build_object(
           'id', new.id, 'title', new.title, 'body', new.body, 'kind', new.kind,
           'status', new.status, 'theme_id', new.theme_id, 'neighbourhood_id', new.neighbourhood_id,
           'vote_count', new.vote_count, 'comment_count', new.comment_count,
           'created_at', new.created_at, 'channel', new.channel,
           'theme_slug', t.slug, 'neighbourhood_name', n.name,
           'author_name', p.display_name, 'author_organisation_id', p.organisation_id,
           -- New to the lists (just posted, or visible again): the list announces it.
           'new', not was_public)
    into card
    from public.themes t, public.neighbourhoods n
    left join public.profiles p on p.id = new.author_id
   where t.id = new.theme_id and n.id = new.neighbourhood_id;
  perform realtime.send(card, 'card', 'buurt:' || new.neighbourhood_id, true);
  perform realtime.send(card, 'card', 'buurt:alle', true);
  return null;
end;
$$;
comment on function private.broadcast_idea_card() is
  'Sends the public card of an idea everyone may see (or only its id when it stops being visible) to the buurt''s Realtime topic and buurt:alle.';
revoke execute on function private.broadcast_idea_card() from public, anon, authenticated;

create trigger ideas_broadcast_card
  after insert or update or delete on public.ideas
  for each row execute function private.broadcast_idea_card();

create policy "everyone may hear the idea cards of a buurt"
  on realtime.messages
  for select
  to anon, authenticated
  using (
    realtime.messages.extension = 'broadcast'
    and (select realtime.topic()) like 'buurt:%'
  );
