-- The title and body limits of an idea are check constraints (ideas_title_length,
-- ideas_body_length), and Postgres checks them only after it has computed the stored full-text
-- vector `search` from the whole text. So a signed-in person who sent a 2 MB body made the
-- database index 2 MB (about a second) before the refusal, and got the failing row, vector and
-- all, echoed back in the error's detail. A refused insert leaves no attempt for the rate limits,
-- so nothing stopped a loop of them.
--
-- This trigger fires before every other row trigger on ideas (name order) and before the vector
-- is computed, and refuses an oversized title or body with the same error the constraint gives
-- (23514, same constraint name), without the detail. The numbers are the constraints' own; the
-- constraints stay the rule, this is only the early answer. One difference: text more than 1000
-- characters over a limit is refused even if it is mostly white space at its ends, so that the
-- early answer never has to trim megabytes.
create or replace function private.ideas_refuse_oversized_text()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- The constraints count the cleaned text (private.clean_text trims white space at both ends).
  -- Trimming is itself slow on megabytes, so it runs only within 1000 characters of the limit;
  -- longer text is refused as it is (nobody pads an idea with 1000 spaces).
  if pg_catalog.char_length(new.title) > 120 + 1000
     or (pg_catalog.char_length(new.title) > 120
         and pg_catalog.char_length(private.clean_text(new.title)) > 120) then
    raise exception using errcode = '23514', schema = 'public', table = 'ideas',
      constraint = 'ideas_title_length',
      message = 'new row for relation "ideas" violates check constraint "ideas_title_length"';
  end if;
  if pg_catalog.char_length(new.body) > 5000 + 1000
     or (pg_catalog.char_length(new.body) > 5000
         and pg_catalog.char_length(private.clean_text(new.body)) > 5000) then
    raise exception using errcode = '23514', schema = 'public', table = 'ideas',
      constraint = 'ideas_body_length',
      message = 'new row for relation "ideas" violates check constraint "ideas_body_length"';
  end if;
  return new;
end
$$;
comment on function private.ideas_refuse_oversized_text() is
  'Before-row trigger: refuses a title over 120 or a body over 5000 characters before the full-text vector is computed, with the check constraint''s own error.';
revoke all on function private.ideas_refuse_oversized_text() from public, anon, authenticated;

create trigger ideas_0_refuse_oversized_text before insert or update of title, body on public.ideas
  for each row execute function private.ideas_refuse_oversized_text();
