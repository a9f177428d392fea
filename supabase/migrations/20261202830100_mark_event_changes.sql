-- When an event's time, place or state last changed, so the partners' feed can show a changed
-- event and calendar apps can tell a newer version (SEQUENCE in the iCal feed). updated_at does
-- not serve: every "Ik kom" moves it (the counts are on the row).
alter table public.events add column changed_at timestamptz;
comment on column public.events.changed_at is
  'When starts_at, ends_at, place or cancelled_at last changed; null while the event is as it was created. Kept by a trigger.';

create or replace function private.mark_event_changed()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.starts_at is distinct from old.starts_at or new.ends_at is distinct from old.ends_at
     or new.place is distinct from old.place or new.cancelled_at is distinct from old.cancelled_at then
    new.changed_at := clock_timestamp();
  else
    new.changed_at := old.changed_at; -- nobody sets it by hand
  end if;
  return new;
end
$$;
revoke execute on function private.mark_event_changed() from public, anon, authenticated;

create trigger events_mark_changed before update on public.events
  for each row execute function private.mark_event_changed();
