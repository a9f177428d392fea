-- The team's follow-up. Two things went missing between the team's first answer and the end:
--  * nobody knew who on the team was picking an idea up, so two people answered the same one or
--    nobody did;
--  * an idea "Bij een coalitie" or "Mee bezig" left the queue with its first answer and could then
--    go quiet for months without anyone seeing it ("Betrouwbaar zijn!").
-- An idea can now be assigned to one team member (idea_assignments, team only), and team_queue()
-- is the queue as the database defines it: new and in-review ideas, plus ideas in a coalition or in
-- progress whose last public update is older than private.follow_up_days(). Nothing leaves the
-- team's sight until it is done, not feasible or merged.

alter type public.notification_kind add value if not exists 'idea_assigned';

create table public.idea_assignments (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  assignee_id uuid not null references public.profiles (id) on delete cascade,
  assigned_by uuid references public.profiles (id) on delete set null,
  assigned_at timestamptz not null default now()
);
alter table public.idea_assignments enable row level security;
comment on table public.idea_assignments is
  'Which team member picks up an idea. Team only; written only by assign_idea().';
create index idea_assignments_assignee_id_idx on public.idea_assignments (assignee_id);
create index idea_assignments_assigned_by_idx on public.idea_assignments (assigned_by);

revoke all on public.idea_assignments from public, anon, authenticated;
grant select on public.idea_assignments to authenticated;
create policy idea_assignments_select_team on public.idea_assignments for select to authenticated
  using ((select private.is_moderator()));

create or replace function private.follow_up_days()
returns integer
language sql
immutable
set search_path = ''
as $$ select 30 $$;
comment on function private.follow_up_days() is
  'Days without a public update after which an idea in a coalition or in progress returns to the queue.';
revoke execute on function private.follow_up_days() from public, anon;
grant execute on function private.follow_up_days() to authenticated; -- team_queue runs as the caller

create or replace function public.assign_idea(idea_id uuid, assignee_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_moderator();
  target public.ideas;
  previous uuid;
begin
  select * into target from public.ideas i where i.id = assign_idea.idea_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'idea_not_found';
  end if;
  if assign_idea.assignee_id is not null and not exists (
    select 1 from public.profiles p
     where p.id = assign_idea.assignee_id and p.role in ('moderator', 'admin')
  ) then
    raise exception using errcode = 'P0001', message = 'assignee_not_team',
      detail = 'Only a moderator or an admin can pick up an idea.';
  end if;

  select a.assignee_id into previous from public.idea_assignments a where a.idea_id = target.id;
  if previous is not distinct from assign_idea.assignee_id then
    return;
  end if;

  if assign_idea.assignee_id is null then
    delete from public.idea_assignments a where a.idea_id = target.id;
  else
    insert into public.idea_assignments (idea_id, assignee_id, assigned_by)
    values (target.id, assign_idea.assignee_id, uid)
    on conflict on constraint idea_assignments_pkey do update
      set assignee_id = excluded.assignee_id, assigned_by = excluded.assigned_by,
          assigned_at = now();
    -- The assignee finds it in their messages, unless they took it themselves.
    if assign_idea.assignee_id <> uid then
      insert into public.notifications (user_id, kind, idea_id)
      values (assign_idea.assignee_id, 'idea_assigned', target.id);
    end if;
  end if;

  perform private.log_moderation('assign', 'ideas', target.id, null,
    jsonb_build_object('from', previous, 'to', assign_idea.assignee_id));
end
$$;
comment on function public.assign_idea(uuid, uuid) is
  'Team only. Gives an idea to a team member (moderator or admin), or to nobody with null; the assignee gets a message.';
revoke execute on function public.assign_idea(uuid, uuid) from public, anon;
grant execute on function public.assign_idea(uuid, uuid) to authenticated, service_role;

-- The queue. Security invoker: the ideas and assignments the caller may read, and only the team may
-- call it at all.
create or replace function public.team_queue(
  neighbourhood uuid default null,
  theme uuid default null,
  assigned text default null,
  idea uuid default null
)
returns table (
  id uuid,
  title text,
  body text,
  kind public.idea_kind,
  status public.idea_status,
  theme_id uuid,
  neighbourhood_id uuid,
  vote_count integer,
  comment_count integer,
  author_id uuid,
  coalition_id uuid,
  created_at timestamptz,
  hidden_at timestamptz,
  withdrawn_at timestamptz,
  text_erased_at timestamptz,
  assignee_id uuid,
  last_update_at timestamptz,
  stalled boolean
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.is_moderator() then
    raise exception using errcode = '42501', message = 'not_team';
  end if;
  if team_queue.assigned is not null and team_queue.assigned not in ('mine', 'nobody') then
    raise exception using errcode = '22023', message = 'queue_filter_invalid';
  end if;
  return query
    with candidates as (
      select i.id, i.title, i.body, i.kind, i.status, i.theme_id, i.neighbourhood_id, i.vote_count,
             i.comment_count, i.author_id, i.coalition_id, i.created_at, i.hidden_at, i.withdrawn_at,
             i.text_erased_at,
             (select max(u.created_at) from public.idea_updates u where u.idea_id = i.id) as last_update_at,
             a.assignee_id
        from public.ideas i
        left join public.idea_assignments a on a.idea_id = i.id
       where i.withdrawn_at is null
         and i.status in ('new', 'in_review', 'in_coalition', 'in_progress')
         and (team_queue.neighbourhood is null or i.neighbourhood_id = team_queue.neighbourhood)
         and (team_queue.theme is null or i.theme_id = team_queue.theme)
         and (team_queue.idea is null or i.id = team_queue.idea)
         and (team_queue.assigned is null
              or (team_queue.assigned = 'mine' and a.assignee_id = (select auth.uid()))
              or (team_queue.assigned = 'nobody' and a.assignee_id is null))
    )
    select c.id, c.title, c.body, c.kind, c.status, c.theme_id, c.neighbourhood_id, c.vote_count,
           c.comment_count, c.author_id, c.coalition_id, c.created_at, c.hidden_at, c.withdrawn_at,
           c.text_erased_at, c.assignee_id, c.last_update_at,
           c.status in ('in_coalition', 'in_progress') as stalled
      from candidates c
     where c.status in ('new', 'in_review')
        or coalesce(c.last_update_at, c.created_at) < now() - make_interval(days => private.follow_up_days())
     order by c.created_at, c.id
     limit 500;
end
$$;
comment on function public.team_queue(uuid, uuid, text, uuid) is
  'Team only. What waits for the team: new and in-review ideas, and ideas in a coalition or in progress without a public update for follow_up_days(). assigned: null (all), ''mine'' or ''nobody''; idea: just that one, if it waits.';
revoke execute on function public.team_queue(uuid, uuid, text, uuid) from public, anon;
grant execute on function public.team_queue(uuid, uuid, text, uuid) to authenticated, service_role;

-- How many ideas went quiet: for the team's dashboard and the public trust figures.
create or replace function private.stalled_idea_count()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer
    from public.ideas i
   where i.withdrawn_at is null and i.hidden_at is null
     and i.status in ('in_coalition', 'in_progress')
     and coalesce((select max(u.created_at) from public.idea_updates u where u.idea_id = i.id), i.created_at)
         < now() - make_interval(days => private.follow_up_days())
$$;
revoke execute on function private.stalled_idea_count() from public, anon, authenticated;

create or replace function public.moderation_dashboard(period_start date, period_end date)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_moderator();
  return private.dashboard_figures(period_start, period_end)
      || jsonb_build_object('stalled', private.stalled_idea_count(),
                            'follow_up_days', private.follow_up_days());
end
$$;

create or replace function public.public_trust_figures()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
           'period_start', f -> 'period_start',
           'period_end', f -> 'period_end',
           'total', f -> 'total',
           'answered', f -> 'answered',
           'median_days_to_answer', f -> 'median_days_to_answer',
           'answered_within_14_days', f -> 'answered_within_14_days',
           'due_within_14_days', f -> 'due_within_14_days',
           'share_within_14_days', f -> 'share_within_14_days',
           'funnel', f -> 'funnel',
           'stalled', private.stalled_idea_count(),
           'follow_up_days', private.follow_up_days()
         )
    from (select private.dashboard_figures((current_date - interval '12 months')::date, current_date) as f) x
$$;
