-- "Who to contact (through Emmer, never a published private address)" (issue #16): a signed-in
-- person sends the organiser of an initiative or an event a short message, and Emmer mails it to
-- the organiser in the organiser's language. Neither side sees the other's e-mail address, unless
-- the sender ticks that theirs may go along: then it is the mail's Reply-To.
--
-- * public.contact_messages: one row per message. Only the sender and the recipient read it;
--   nobody updates or deletes it through the API (it goes with either person's account).
-- * public.send_contact_message(): the only way in. It finds the recipient itself (the
--   initiative's or event's organiser_id), refuses a hidden or unknown target and messaging
--   oneself, counts an attempt ('contact_messages', 10 an hour), and queues the mail in
--   private.mail_queue (kind 'contact'), which the answer-mail Edge Function drains every minute.
--   The id is chosen by the app and kept across retries: a retried submit returns the first row.

insert into private.limits (action, max_count, per) values
  ('contact_messages', 10, interval '1 hour')
on conflict (action) do nothing;

create table public.contact_messages (
  id uuid primary key,
  sender_id uuid not null references public.profiles (id) on delete cascade,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  initiative_id uuid references public.initiatives (id) on delete cascade,
  event_id uuid references public.events (id) on delete cascade,
  body text not null,
  share_email boolean not null default false,
  created_at timestamptz not null default now(),
  constraint contact_messages_one_target check (num_nonnulls(initiative_id, event_id) = 1),
  constraint contact_messages_body_length check (char_length(body) between 10 and 1000),
  constraint contact_messages_not_to_self check (sender_id <> recipient_id)
);
alter table public.contact_messages enable row level security;
comment on table public.contact_messages is
  'Messages to the organiser of an initiative or event, sent through Emmer by send_contact_message(). Only sender and recipient read them; nobody changes them. share_email: the sender''s address may be the mail''s Reply-To.';
create index contact_messages_sender_id_idx on public.contact_messages (sender_id, created_at desc);
create index contact_messages_recipient_id_idx on public.contact_messages (recipient_id, created_at desc);
create index contact_messages_initiative_id_idx on public.contact_messages (initiative_id);
create index contact_messages_event_id_idx on public.contact_messages (event_id);

revoke all on public.contact_messages from public, anon, authenticated;
grant select on public.contact_messages to authenticated;
create policy contact_messages_select_sender_or_recipient on public.contact_messages
  for select to authenticated
  using (sender_id = (select auth.uid()) or recipient_id = (select auth.uid()));

-- The mail queue takes contact mails too: an answer row names its idea and answer, a contact row
-- its message.
alter table private.mail_queue alter column idea_id drop not null;
alter table private.mail_queue alter column idea_update_id drop not null;
alter table private.mail_queue
  add column contact_message_id uuid unique references public.contact_messages (id) on delete cascade;
alter table private.mail_queue drop constraint if exists mail_queue_kind_check;
alter table private.mail_queue
  add constraint mail_queue_kind_check check (kind in ('answer', 'contact'));
alter table private.mail_queue
  add constraint mail_queue_kind_fields check (
    case kind
      when 'answer' then idea_id is not null and idea_update_id is not null and contact_message_id is null
      when 'contact' then contact_message_id is not null and idea_id is null and idea_update_id is null
    end);

alter table private.mail_log drop constraint if exists mail_log_kind_check;
alter table private.mail_log
  add constraint mail_log_kind_check check (kind in ('digest', 'answer', 'reminder', 'contact'));

create or replace function public.send_contact_message(
  id uuid, body text, initiative_id uuid default null, event_id uuid default null,
  share_email boolean default false
)
returns public.contact_messages
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  result public.contact_messages;
  recipient uuid;
  cleaned text;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'not_signed_in';
  end if;
  -- A retried submit returns what the first one sent (and costs no attempt).
  select * into result from public.contact_messages m where m.id = send_contact_message.id;
  if found then
    if result.sender_id <> uid then
      raise exception using errcode = '42501', message = 'contact_message_not_yours';
    end if;
    return result;
  end if;
  if num_nonnulls(send_contact_message.initiative_id, send_contact_message.event_id) <> 1 then
    raise exception using errcode = '22023', message = 'contact_target_missing';
  end if;
  -- Long input is refused before it is copied or trimmed.
  if pg_catalog.length(send_contact_message.body) > 4000 then
    raise exception using errcode = '22001', message = 'contact_message_too_long';
  end if;
  cleaned := private.clean_text(send_contact_message.body);
  if cleaned is null or pg_catalog.char_length(cleaned) < 10 then
    raise exception using errcode = '22023', message = 'contact_message_too_short';
  end if;
  if pg_catalog.char_length(cleaned) > 1000 then
    raise exception using errcode = '22001', message = 'contact_message_too_long';
  end if;
  -- The recipient comes from the target, never from the caller. Hidden is the same as unknown.
  if send_contact_message.initiative_id is not null then
    select i.organiser_id into recipient from public.initiatives i
     where i.id = send_contact_message.initiative_id and i.hidden_at is null;
  else
    select e.organiser_id into recipient from public.events e
     where e.id = send_contact_message.event_id and e.hidden_at is null;
  end if;
  if recipient is null then
    raise exception using errcode = 'P0002', message = 'contact_target_not_found';
  end if;
  if recipient = uid then
    raise exception using errcode = 'P0001', message = 'contact_self';
  end if;
  perform private.count_attempt('contact_messages');
  insert into public.contact_messages (id, sender_id, recipient_id, initiative_id, event_id, body, share_email)
  values (send_contact_message.id, uid, recipient, send_contact_message.initiative_id,
          send_contact_message.event_id, cleaned, coalesce(send_contact_message.share_email, false))
  on conflict on constraint contact_messages_pkey do nothing
  returning * into result;
  if not found then
    -- The same send twice at once: the other one committed first; this one returns its row.
    select * into result from public.contact_messages m where m.id = send_contact_message.id;
    if result.sender_id is distinct from uid then
      raise exception using errcode = '42501', message = 'contact_message_not_yours';
    end if;
    return result;
  end if;
  insert into private.mail_queue (kind, user_id, contact_message_id)
  values ('contact', recipient, result.id);
  return result;
end
$$;
comment on function public.send_contact_message(uuid, text, uuid, uuid, boolean) is
  'Sends the organiser of a visible initiative or event a message through Emmer (mailed by answer-mail). Idempotent on id; 10 an hour.';
revoke execute on function public.send_contact_message(uuid, text, uuid, uuid, boolean) from public, anon, authenticated;
grant execute on function public.send_contact_message(uuid, text, uuid, uuid, boolean) to authenticated, service_role;
