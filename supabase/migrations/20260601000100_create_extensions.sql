-- Trigram similarity for "lijkt op" suggestions and unaccent for search. Both live in the
-- `extensions` schema, as Supabase recommends (lint extension_in_public).
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;
