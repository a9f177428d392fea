-- set_role and delete_my_account refused to remove the last admin, but each counted the admins
-- without a lock: two admins demoting each other at the same moment, or the last two admins one
-- leaving while the other is demoted, both counted two admins and both went through, leaving
-- none. Nobody could then appoint moderators or approve partners.
--
-- Now the rule sits on profiles itself, for every path (set_role, delete_my_account, an account
-- deleted with the service key, a direct update): before a row stops being an admin, a
-- transaction-scoped advisory lock serialises all such changes, and the count that follows sees
-- every change committed before it (read committed takes a new snapshot per statement). The
-- second of two concurrent demotions waits for the first and is then refused with last_admin.
-- The functions keep their own friendly check in front.

create or replace function private.profiles_keep_an_admin()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('emmer:last_admin'));
  if not exists (select 1 from public.profiles p where p.role = 'admin' and p.id <> old.id) then
    raise exception using errcode = 'P0001', message = 'last_admin',
      detail = 'Emmer needs at least one admin. Appoint another admin first.', hint = 'last_admin';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function private.profiles_keep_an_admin() is
  'Before an admin stops being one (role change or deletion): refuses when no other admin remains, serialised by an advisory lock.';

create trigger profiles_keep_an_admin_on_update
  before update on public.profiles
  for each row when (old.role = 'admin' and new.role is distinct from 'admin')
  execute function private.profiles_keep_an_admin();
create trigger profiles_keep_an_admin_on_delete
  before delete on public.profiles
  for each row when (old.role = 'admin')
  execute function private.profiles_keep_an_admin();
