-- profiles_copy_locale_to_user_metadata (20261202740100) also ran on insert: a new account got
-- `locale` written into its user metadata the moment Auth created it, so `auth.admin.createUser`
-- and the invite no longer returned the metadata exactly as given (GoTrue returns what it was
-- handed), and a sign-up without a language was stamped "nl". On insert there is nothing to copy:
-- the profile's language came from that same metadata (or is the default, which the mail templates
-- fall back to anyway). Only a later switch of language needs copying.
drop trigger if exists profiles_copy_locale_to_user_metadata on public.profiles;
create trigger profiles_copy_locale_to_user_metadata
  after update of locale on public.profiles
  for each row
  when (old.locale is distinct from new.locale)
  execute function private.copy_locale_to_user_metadata();
