-- RPC access, decided per function: Supabase's default grants EXECUTE on new functions to
-- PUBLIC, anon and authenticated. The team's and admins' functions check the role themselves too.
do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.set_idea_status(uuid, public.idea_status, text, uuid)',
    'public.merge_idea(uuid, uuid, text)',
    'public.hide_idea(uuid, text)',
    'public.unhide_idea(uuid)',
    'public.hide_comment(uuid, text)',
    'public.unhide_comment(uuid)',
    'public.resolve_report(uuid, text)',
    'public.set_role(uuid, public.app_role)',
    'public.approve_partner_request(uuid)',
    'public.reject_partner_request(uuid, text)',
    'public.export_my_data()',
    'public.delete_my_account()'
  ] loop
    execute format('revoke execute on function %s from public, anon', fn);
    execute format('grant execute on function %s to authenticated, service_role', fn);
  end loop;
end
$$;
