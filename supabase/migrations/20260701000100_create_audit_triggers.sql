-- Every moderation action lands in the append-only moderation_log. The team's functions log
-- themselves; coalitions, their members and the reference data (buurten, themes, organisations)
-- change through plain table writes under RLS, so a trigger logs those. Only changes by a signed-in
-- person are logged (auth.uid() is set): the seed and migrations are not moderation actions.
-- (private.is_api_caller() cannot tell here: inside this security definer function current_user
-- is the owner.)
create or replace function private.audit_row_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  row_new jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  row_old jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  target uuid;
  details jsonb;
begin
  if (select auth.uid()) is null then
    return null;
  end if;
  if tg_table_name = 'coalition_members' then
    target := coalesce(row_new, row_old) ->> 'coalition_id';
    details := jsonb_build_object(
      'profile_id', coalesce(row_new, row_old) ->> 'profile_id',
      'member_kind', coalesce(row_new, row_old) ->> 'member_kind');
  else
    target := coalesce(row_new, row_old) ->> 'id';
    details := case
      when tg_op = 'UPDATE' then jsonb_build_object('before', row_old, 'after', row_new)
      else jsonb_build_object('row', coalesce(row_new, row_old))
    end;
  end if;
  insert into public.moderation_log (actor_id, action, target_table, target_id, details)
  values ((select auth.uid()), lower(tg_op), tg_table_name, target, details);
  return null;
end
$$;
comment on function private.audit_row_change() is
  'Writes one moderation_log entry (who, what, when) per changed row of a table the team or admins manage directly.';

create trigger coalitions_audit after insert or update or delete on public.coalitions
  for each row execute function private.audit_row_change();
create trigger coalition_members_audit after insert or update or delete on public.coalition_members
  for each row execute function private.audit_row_change();
create trigger neighbourhoods_audit after insert or update or delete on public.neighbourhoods
  for each row execute function private.audit_row_change();
create trigger themes_audit after insert or update or delete on public.themes
  for each row execute function private.audit_row_change();
create trigger organisations_audit after insert or update or delete on public.organisations
  for each row execute function private.audit_row_change();
