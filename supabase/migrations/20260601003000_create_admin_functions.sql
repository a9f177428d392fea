create or replace function public.set_role(profile_id uuid, role public.app_role)
returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
  old_role public.app_role;
begin
  perform private.require_admin();
  if set_role.role = 'partner' then
    raise exception using errcode = 'P0001', message = 'role_partner_via_request',
      detail = 'Partners are linked to an organisation through approve_partner_request.';
  end if;
  select p.role into old_role from public.profiles p where p.id = set_role.profile_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'profile_not_found';
  end if;
  if old_role = 'admin' and set_role.role <> 'admin'
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    raise exception using errcode = 'P0001', message = 'last_admin', detail = 'Appoint another admin first.';
  end if;
  update public.profiles p
     set role = set_role.role,
         organisation_id = null
   where p.id = set_role.profile_id
  returning * into result;
  perform private.log_moderation('set_role', 'profiles', set_role.profile_id, null,
    jsonb_build_object('from', old_role, 'to', set_role.role));
  return result;
end
$$;
comment on function public.set_role(uuid, public.app_role) is 'Admin only. Makes a person resident, moderator or admin (partners go through approve_partner_request).';

create or replace function public.approve_partner_request(request_id uuid)
returns public.partner_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_admin();
  req public.partner_requests;
begin
  update public.partner_requests r
     set status = 'approved', decided_at = now(), decided_by = uid
   where r.id = approve_partner_request.request_id and r.status = 'pending'
  returning * into req;
  if not found then
    raise exception using errcode = 'P0002', message = 'partner_request_not_found',
      detail = 'No pending request with this id.';
  end if;
  update public.profiles p
     set role = case when p.role in ('moderator', 'admin') then p.role else 'partner' end,
         organisation_id = req.organisation_id
   where p.id = req.profile_id;
  perform private.log_moderation('approve_partner', 'partner_requests', req.id, null,
    jsonb_build_object('profile_id', req.profile_id, 'organisation_id', req.organisation_id));
  return req;
end
$$;

create or replace function public.reject_partner_request(request_id uuid, reason text default null)
returns public.partner_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_admin();
  req public.partner_requests;
begin
  update public.partner_requests r
     set status = 'rejected', decided_at = now(), decided_by = uid
   where r.id = reject_partner_request.request_id and r.status = 'pending'
  returning * into req;
  if not found then
    raise exception using errcode = 'P0002', message = 'partner_request_not_found';
  end if;
  perform private.log_moderation('reject_partner', 'partner_requests', req.id, private.clean_text(reason));
  return req;
end
$$;
