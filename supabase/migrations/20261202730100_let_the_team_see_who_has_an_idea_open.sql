-- The team's idea page shows who else on the team has the idea open, so that two people do not
-- answer the same idea. It uses Supabase Realtime presence on a private channel per idea,
-- `team-idea:<idea id>`; RLS on `realtime.messages` (Supabase's own table, present on every hosted
-- project and in the local bootstrap) decides who may join and track there: moderators and admins
-- with their second factor (private.is_moderator()), nobody else. Only presence: nobody may read or
-- send broadcasts on these topics. Realtime runs these policies with the person's claims and
-- `realtime.topic()` set to the channel's name.
create policy "team members see who has an idea open"
  on realtime.messages
  for select
  to authenticated
  using (
    realtime.messages.extension = 'presence'
    and (select realtime.topic()) like 'team-idea:%'
    and (select private.is_moderator())
  );

create policy "team members say they have an idea open"
  on realtime.messages
  for insert
  to authenticated
  with check (
    realtime.messages.extension = 'presence'
    and (select realtime.topic()) like 'team-idea:%'
    and (select private.is_moderator())
  );
