-- Every new auth user gets a profile. The display name comes from the sign-up metadata, or else
-- from the part of the e-mail address before the @; it is never empty.
create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  name text;
  hood uuid;
  lang text := meta ->> 'locale';
begin
  name := private.clean_text(meta ->> 'display_name');
  if name is null then
    name := private.clean_text(pg_catalog.split_part(coalesce(new.email, ''), '@', 1));
  end if;
  name := coalesce(private.clean_text(pg_catalog.left(name, 50)), 'Buur');

  if (meta ->> 'neighbourhood_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    select n.id into hood from public.neighbourhoods n where n.id = (meta ->> 'neighbourhood_id')::uuid;
  end if;
  if lang is null or lang not in ('nl', 'en', 'tr', 'ar', 'pl') then
    lang := 'nl';
  end if;

  insert into public.profiles (id, display_name, role, neighbourhood_id, locale)
  values (new.id, name, 'resident', hood, lang)
  on conflict (id) do nothing;
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();
