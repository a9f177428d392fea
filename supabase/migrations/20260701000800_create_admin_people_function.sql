-- Admins appoint moderators and approve partners: they need to find a person by name or e-mail
-- address. E-mail addresses are private, so only this admin-only function returns them.
create or replace function public.admin_find_people(query text default null, max_rows integer default 50)
returns table (id uuid, display_name text, email text, role public.app_role, organisation_id uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  q text := private.clean_text(query);
begin
  perform private.require_admin();
  return query
    select p.id, p.display_name, u.email::text, p.role, p.organisation_id
      from public.profiles p
      join auth.users u on u.id = p.id
     where q is null
        or p.display_name ilike '%' || q || '%'
        or u.email ilike '%' || q || '%'
     order by (p.role = 'resident'), p.display_name
     limit least(greatest(coalesce(max_rows, 50), 1), 200);
end
$$;
comment on function public.admin_find_people(text, integer) is 'Admin only. People by name or e-mail, with their role; the team and partners first.';

revoke execute on function public.admin_find_people(text, integer) from public, anon;
grant execute on function public.admin_find_people(text, integer) to authenticated, service_role;
