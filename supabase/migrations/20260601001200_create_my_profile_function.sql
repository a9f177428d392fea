-- The caller's own profile with every column (others see only the public columns).
create or replace function public.my_profile()
returns setof public.profiles
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.profiles where id = (select auth.uid())
$$;
comment on function public.my_profile() is 'The signed-in person''s own profile, including locale and neighbourhood_id.';
revoke execute on function public.my_profile() from public, anon;
grant execute on function public.my_profile() to authenticated, service_role;
