create type public.app_role as enum ('resident', 'partner', 'moderator', 'admin');
comment on type public.app_role is 'resident (bewoner), partner (linked to an organisation), moderator (team van het Pact), admin.';

create type public.idea_kind as enum ('idea', 'initiative', 'question');

create type public.idea_status as enum (
  'new', 'in_review', 'in_coalition', 'in_progress', 'done', 'not_feasible', 'merged'
);
comment on type public.idea_status is 'What happens to an idea; names for residents are in B1.md.';

create type public.member_kind as enum ('resident', 'partner');

create type public.notification_kind as enum ('new_idea_in_neighbourhood', 'new_comment', 'status_update');

create type public.partner_request_status as enum ('pending', 'approved', 'rejected');
