-- Moderators and admins joined coalitions as resident members, so the team filled the residents'
-- side of "never more partners than residents". They get a kind of their own, counted on neither
-- side (20261202100700). Its own migration: a new enum value cannot be used in the transaction
-- that adds it.
alter type public.member_kind add value if not exists 'team';
comment on type public.member_kind is
  'resident (a resident; counts only with a confirmed e-mail address), partner (for an organisation), team (a moderator or admin; counts on neither side).';
