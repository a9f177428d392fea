// Grants as narrow as the policies: for every table and view, sequence and function in `public`
// (the schema the API exposes) and `private`, what anon and authenticated may do is exactly what
// is written down here. A new relation or function makes this test fail until someone decides
// its rights. The lists follow the policies: a role gets a privilege only where a policy (or a
// function's own role check) lets it use it. TRUNCATE, REFERENCES and TRIGGER: nobody.
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'

type Priv = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER'
/** '*' for the whole table, or the columns (sorted) for a column grant. */
type Rights = Partial<Record<Priv, '*' | string[]>>
type Expected = Record<string, { anon?: Rights; authenticated?: Rights }>

/**
 * tests/stack/realtime*.test.ts create short-lived tables named rt_* on the stack all test files
 * share, some on purpose without RLS; they are not part of the schema.
 */
const TEST_TABLES = `'rt\\_%'`

const PRIVS: Priv[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
const cols = (list: string) => list.split(/,\s*/).sort()
const READ = { SELECT: '*' } as const

const IDEA_COLUMNS = cols(
  'author_id, body, channel, coalition_id, comment_count, created_at, hidden_at, hidden_by, ' +
    'hidden_reason, id, kind, language, lat, lng, neighbourhood_id, recorded_by, search, status, ' +
    'text_erased_at, theme_id, title, updated_at, vote_count, withdrawn_at',
)

const RELATIONS: Expected = {
  // Reference data: everyone reads, admins edit (neighbourhoods_*_admin and friends).
  'public.neighbourhoods': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, slug, name, district, cbs_code'),
      UPDATE: cols('slug, name, district, cbs_code'),
      DELETE: '*',
    },
  },
  'public.themes': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, slug, position, name, explanation'),
      UPDATE: cols('slug, position, name, explanation'),
      DELETE: '*',
    },
  },
  // One row, the area's settings: everyone reads, admins (aal2) change (area_settings_*).
  'public.area_settings': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      UPDATE: cols(
        'area_name, city, programme_name, contact_email, contact_phone, contact_address, ' +
          'walk_in_hours, answer_days, map_centre_lat, map_centre_lng, bounds_south, ' +
          'bounds_north, bounds_west, bounds_east, brand_colour, event_capacity_max, visit_group_max',
      ),
    },
  },
  'public.organisations': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, name, slug, kind'),
      UPDATE: cols('name, slug, kind'),
      DELETE: '*',
    },
  },
  // The public face of a profile; the person changes their own name, buurt and language.
  'public.profiles': {
    anon: { SELECT: cols('id, display_name, role, organisation_id, created_at') },
    authenticated: {
      SELECT: cols('id, display_name, role, organisation_id, created_at'),
      UPDATE: cols('display_name, neighbourhood_id, locale'),
    },
  },
  'public.coalitions': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, name, description, theme_id'),
      UPDATE: cols('name, description, theme_id'),
      DELETE: '*',
    },
  },
  'public.coalition_members': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('coalition_id, profile_id, member_kind'),
      UPDATE: ['member_kind'],
      DELETE: '*',
    },
  },
  // Every column but merged_into_id (merge_target() gives the pointer to who may see both
  // ideas); nobody deletes an idea through the API: its author withdraws it (withdraw_idea()).
  'public.ideas': {
    anon: { SELECT: IDEA_COLUMNS },
    authenticated: {
      SELECT: IDEA_COLUMNS,
      INSERT: cols('id, title, body, kind, theme_id, neighbourhood_id, lat, lng, language'),
      UPDATE: cols('title, body, language'),
    },
  },
  'public.comments': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, idea_id, parent_id, body, language'),
      UPDATE: cols('body, language'),
    },
  },
  'public.idea_updates': { anon: READ, authenticated: READ },
  // Machine translations: read by who may read the source text (translations_select_visible);
  // written only by the Edge Function translate with the secret key (store_translation()).
  'public.translations': { authenticated: READ },
  // Photos: everyone reads what may_see_photo allows; the author adds (idea_photos_insert_author)
  // and removes their own; the team hides through hide_idea_photo().
  'public.idea_photos': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      INSERT: cols(
        'author_id, description, format, height, id, idea_id, thumb_height, thumb_width, width',
      ),
      DELETE: '*',
    },
  },
  'public.votes': { authenticated: { SELECT: '*', INSERT: ['idea_id'], DELETE: '*' } },
  'public.follows': {
    authenticated: {
      SELECT: '*',
      INSERT: cols('id, idea_id, neighbourhood_id'),
      UPDATE: ['seen_at'],
      DELETE: '*',
    },
  },
  'public.notifications': {
    authenticated: { SELECT: '*', UPDATE: ['read_at'], DELETE: '*' },
  },
  'public.reports': {
    authenticated: { SELECT: '*', INSERT: cols('id, idea_id, comment_id, reason') },
  },
  'public.moderation_log': { authenticated: READ },
  // Who on the team picks up an idea: the team reads (idea_assignments_select_team), assign_idea writes.
  'public.idea_assignments': { authenticated: READ },
  // The agenda: initiatives and events for everyone (hidden ones for their organiser and the team);
  // the organiser edits an initiative's texts. Addresses and sign-ups by their own policies;
  // everything else through the agenda's functions.
  'public.initiatives': {
    anon: READ,
    authenticated: {
      SELECT: '*',
      UPDATE: cols('name, description, theme_id, meets, lat, lng'),
    },
  },
  'public.events': { anon: READ, authenticated: READ },
  'public.event_addresses': { authenticated: READ },
  'public.event_signups': { authenticated: READ },
  // Messages to an organiser: sender and recipient read them (RLS); written only by
  // send_contact_message().
  'public.contact_messages': { authenticated: READ },
  'public.partner_requests': {
    authenticated: { SELECT: '*', INSERT: cols('id, organisation_id, message'), DELETE: '*' },
  },
  'public.digest_settings': {
    authenticated: {
      SELECT: '*',
      INSERT: cols('user_id, frequency, answer_mail'),
      UPDATE: cols('frequency, answer_mail'),
    },
  },
  'public.idea_cards': { anon: READ, authenticated: READ },
  'public.searchable_idea_cards': { anon: READ, authenticated: READ },
  // For the team only (its counts tell whose e-mail address is confirmed); the view's own filter
  // returns nothing to anyone else.
  'public.coalitions_needing_residents': { authenticated: READ },
  // Ids of withdrawn ideas, so that open lists drop the card live; nothing else in it.
  'public.idea_withdrawals': { anon: READ, authenticated: READ },
  // The text of a withdrawn idea that a report or a hiding still needs: the team reads it (RLS).
  'public.withdrawn_idea_snapshots': { authenticated: READ },
  // Not exposed, and nothing for the API roles: only functions running as owner touch them.
  'private.limits': {},
  'private.attempts': {},
  'private.mfa_recovery_codes': {},
  'private.team_invitations': {},
  // The mail functions' queue and failure record: only the functions (as the owner) touch them.
  'private.mail_queue': {},
  'private.mail_log': {},
  // Which event reminders were sent (reminders function only).
  'private.event_reminders': {},
}

/** Who may execute each function (triggers excluded: Postgres checks no EXECUTE when they fire). */
const FUNCTIONS: Record<string, ('anon' | 'authenticated')[]> = {
  'public.similar_ideas(text,uuid,integer)': ['anon', 'authenticated'],
  // Read when the app starts: settings, rules and themes (create_area_settings.sql).
  'public.app_config()': ['anon', 'authenticated'],
  'public.public_trust_figures()': ['anon', 'authenticated'],
  'public.submit_idea(uuid,text,text,idea_kind,uuid,uuid,numeric,numeric,text)': ['authenticated'],
  // Reading in one's own language (translate_texts.sql): the Edge Function asks with the caller's
  // token; only it stores, with the secret key.
  'public.request_translation(text,uuid,text,text)': ['authenticated'],
  'public.store_translation(text,uuid,text,text,text,text,text,text)': [],
  'private.count_translation()': ['authenticated'],
  // The default of ideas.language and friends, and the hash in the translations policy.
  'private.writer_language()': ['authenticated'],
  'private.text_hash(text)': ['authenticated'],
  'public.my_profile()': ['authenticated'],
  'public.export_my_data()': ['authenticated'],
  'public.delete_my_account()': ['authenticated'],
  'public.neighbourhood_feed(integer)': ['authenticated'],
  'public.set_idea_status(uuid,idea_status,text,uuid)': ['authenticated'],
  'public.merge_idea(uuid,uuid,text)': ['authenticated'],
  'public.hide_idea(uuid,text)': ['authenticated'],
  'public.unhide_idea(uuid)': ['authenticated'],
  'public.unhide_idea(uuid,text)': ['authenticated'],
  'public.hide_comment(uuid,text)': ['authenticated'],
  'public.unhide_comment(uuid)': ['authenticated'],
  'public.hide_idea_photo(uuid,text)': ['authenticated'],
  'public.unhide_idea_photo(uuid)': ['authenticated'],
  'public.unhide_comment(uuid,text)': ['authenticated'],
  'public.resolve_report(uuid,text)': ['authenticated'],
  'public.record_offline_idea(uuid,text,text,idea_kind,uuid,uuid,idea_channel)': ['authenticated'],
  'public.moderation_dashboard(date,date)': ['authenticated'],
  'public.alliantieraad_report(date,date)': ['authenticated'],
  'public.set_role(uuid,app_role)': ['authenticated'],
  'public.invite_to_team(text,app_role,uuid)': ['authenticated'],
  'public.approve_partner_request(uuid)': ['authenticated'],
  'public.reject_partner_request(uuid,text)': ['authenticated'],
  'public.admin_find_people(text,integer)': ['authenticated'],
  'public.withdraw_idea(uuid)': ['authenticated'],
  'public.merge_target(uuid)': ['anon', 'authenticated'],
  // The team's follow-up (the functions check the role themselves).
  'public.assign_idea(uuid,uuid)': ['authenticated'],
  'public.team_queue(uuid,uuid,text,uuid)': ['authenticated'],
  'private.follow_up_days()': ['authenticated'],
  'private.stalled_idea_count()': [],
  // The agenda (each function checks who may).
  'public.create_initiative(uuid,text,text,uuid,uuid,text,numeric,numeric)': ['authenticated'],
  'public.initiative_from_idea(uuid,text)': ['authenticated'],
  'public.create_event(uuid,text,text,timestamp with time zone,timestamp with time zone,text,uuid,event_kind,text,uuid,integer,text[],boolean,boolean,boolean,text,uuid,uuid,uuid,numeric,numeric)':
    ['authenticated'],
  'public.change_event(uuid,timestamp with time zone,timestamp with time zone,text,text)': [
    'authenticated',
  ],
  'public.cancel_event(uuid,text)': ['authenticated'],
  'public.join_event(uuid)': ['authenticated'],
  'public.leave_event(uuid)': ['authenticated'],
  'public.mark_attendance(uuid,uuid,boolean)': ['authenticated'],
  'public.hide_event(uuid,text)': ['authenticated'],
  'public.hide_initiative(uuid,text)': ['authenticated'],
  'public.present_coalition_as_initiative(uuid,uuid,text,text)': ['authenticated'],
  'public.send_contact_message(uuid,text,uuid,uuid,boolean)': ['authenticated'],
  // The one helper behind hide_event() and hide_initiative(), which run as owner.
  'private.hide_agenda_item(text,uuid,text)': [],
  // In the policies on event_addresses and event_signups (they read as owner).
  'private.organises_event(uuid)': ['authenticated'],
  'private.has_place_at(uuid)': ['authenticated'],
  // Only for the agenda's functions, which run as owner.
  'private.count_attempt(text)': [],
  'private.may_organise(uuid)': [],
  'private.notify_event_people(uuid,notification_kind)': [],
  // The second factor: recovery codes and an admin removing someone's factor (aal2 inside).
  'public.create_recovery_codes()': ['authenticated'],
  'public.recovery_codes_left()': ['authenticated'],
  'public.use_recovery_code(text)': ['authenticated'],
  'public.admin_second_factors(uuid[])': ['authenticated'],
  'public.admin_remove_second_factor(uuid)': ['authenticated'],
  // Read as owner, strictly the caller's own rows.
  'private.my_ideas()': ['authenticated'],
  'private.my_idea_photos()': ['authenticated'],
  // The idea_photos and storage.objects policies (bucket idea-photos) call it for anon too.
  'private.may_see_photo(uuid,uuid,uuid,timestamp with time zone)': ['anon', 'authenticated'],
  'private.own_idea(uuid)': ['authenticated'],
  // Used by is_moderator() and is_admin(), which policies call for every role.
  'private.current_aal()': ['anon', 'authenticated'],
  'private.second_factor_satisfied()': ['anon', 'authenticated'],
  // The coalition rule, in triggers and policies that run as the caller.
  'private.member_kind_for(app_role)': ['anon', 'authenticated'],
  'private.counts_as_resident(uuid)': ['anon', 'authenticated'],
  // Only for functions running as owner, and the scheduled clean-up.
  'private.has_verified_factor(uuid)': [],
  'private.recovery_code_hash(text)': [],
  'private.erase_withdrawn_ideas(interval)': [],
  'private.erase_unconfirmed_signups(interval)': [],
  'private.has_confirmed_email(uuid)': ['anon', 'authenticated'],
  'private.coalition_counts(uuid)': [],
  // Used by similar_ideas (anon) and by the triggers that run as the caller.
  'private.clean_text(text)': ['anon', 'authenticated'],
  // In policies and in the triggers and functions that run as the caller.
  'private.is_moderator()': ['authenticated'],
  'private.is_admin()': ['authenticated'],
  'private.is_api_caller()': ['authenticated'],
  'private.enforce_limit(text,bigint)': ['authenticated'],
  'private.limit_window(text)': ['authenticated'],
  'private.idea_vote_block(uuid)': ['authenticated'],
  'private.my_account()': ['authenticated'],
  'private.my_attempts()': ['authenticated'],
  // Only called by functions that run as owner, or by the digest job.
  'private.current_app_role()': [],
  'private.require_moderator()': [],
  'private.require_admin()': [],
  'private.log_moderation(text,text,uuid,text,jsonb)': [],
  'private.may_see_idea(uuid,uuid)': [],
  'private.dashboard_figures(date,date)': [],
  'private.forget_old_attempts()': [],
  // The settings' and themes' checks, inside triggers that run as owner; app_config() as owner.
  'private.check_translations(jsonb,text,integer)': [],
  'private.white_contrast(text)': [],
  'private.app_rules()': [],
}

/** Runs `work` in a transaction that is always rolled back. */
async function inRollback<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stackInfo().dbUrl })
  await db.connect()
  try {
    await db.query('begin')
    return await work(db)
  } finally {
    await db.query('rollback').catch(() => undefined)
    await db.end()
  }
}

interface RelationRow {
  relation: string
  role: 'anon' | 'authenticated'
  priv: Priv
  whole: boolean
  columns: string[] | null
}

describe('grants for the API roles', () => {
  test('every table and view has exactly the privileges its policies use', async () => {
    const rows = await sql<RelationRow>(
      `select n.nspname || '.' || c.relname as relation, r.role, p.priv,
              has_table_privilege(r.role, c.oid, p.priv) as whole,
              (select array_agg(a.attname::text order by a.attname::text)
                 from pg_attribute a
                where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                  and p.priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                  and has_column_privilege(r.role, c.oid, a.attnum, p.priv)) as columns
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        cross join unnest(array['anon', 'authenticated']) as r(role)
        cross join unnest($1::text[]) as p(priv)
        where n.nspname in ('public', 'private') and c.relkind in ('r', 'v', 'm', 'p', 'f')
          and c.relname not like ${TEST_TABLES}`,
      [PRIVS],
    )
    const actual: Expected = {}
    for (const row of rows) {
      const rights = ((actual[row.relation] ??= {})[row.role] ??= {})
      if (row.whole) rights[row.priv] = '*'
      else if (row.columns) rights[row.priv] = row.columns
    }
    // Roles without any right are left out, as in the expected list.
    for (const roles of Object.values(actual))
      for (const role of ['anon', 'authenticated'] as const)
        if (roles[role] && Object.keys(roles[role]).length === 0) delete roles[role]
    expect(Object.keys(actual).sort(), 'a relation nobody decided the rights of').toEqual(
      Object.keys(RELATIONS).sort(),
    )
    for (const relation of Object.keys(RELATIONS))
      expect(actual[relation], relation).toEqual(RELATIONS[relation])
  })

  test('every table in public has row-level security on', async () => {
    const open = await sql(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and not c.relrowsecurity
          and c.relname not like ${TEST_TABLES}`,
    )
    expect(open).toEqual([])
  })

  test('no sequence is usable by the API roles', async () => {
    const usable = await sql(
      `select c.relname, r.role, p.priv from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        cross join unnest(array['anon', 'authenticated']) as r(role)
        cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p(priv)
        where n.nspname in ('public', 'private') and c.relkind = 'S'
          and has_sequence_privilege(r.role, c.oid, p.priv)`,
    )
    expect(usable).toEqual([])
  })

  test('each function is executable by exactly who needs it', async () => {
    const rows = await sql<{ name: string; roles: string[] }>(
      `select n.nspname || '.' || p.proname || '(' ||
              coalesce((select string_agg(format_type(t, null), ',' order by i)
                          from unnest(p.proargtypes::oid[]) with ordinality as a(t, i)), '') || ')' as name,
              array(select r from unnest(array['anon', 'authenticated']) r
                     where has_function_privilege(r, p.oid, 'execute')) as roles
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private') and p.prorettype <> 'trigger'::regtype
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                           and d.objid = p.oid and d.deptype = 'e')`,
    )
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.roles]))
    expect(Object.keys(actual).sort(), 'a function nobody decided the rights of').toEqual(
      Object.keys(FUNCTIONS).sort(),
    )
    expect(actual).toEqual(FUNCTIONS)
  })

  test('no trigger function is executable by the API roles', async () => {
    const callable = await sql(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private') and p.prorettype = 'trigger'::regtype
          and (has_function_privilege('anon', p.oid, 'execute')
               or has_function_privilege('authenticated', p.oid, 'execute'))`,
    )
    expect(callable).toEqual([])
  })

  test('a signed-in person cannot empty a table, even an admin-only one', async () => {
    for (const table of ['themes', 'neighbourhoods', 'organisations', 'coalitions', 'ideas']) {
      await expect(
        inRollback(async (db) => {
          await db.query('set local role authenticated')
          // Postgres checks the privilege before it looks at foreign keys.
          await db.query(`truncate public.${table}`)
        }),
        table,
      ).rejects.toThrow(/permission denied/)
    }
  })

  test('new tables and functions start with no rights for the API roles', async () => {
    const row = await inRollback(async (db) => {
      await db.query('create table public.grants_probe (id int)')
      await db.query(
        `create function public.grants_probe_fn() returns int language sql as 'select 1'`,
      )
      const { rows } = await db.query<{ table_grants: string[]; function_grants: string[] }>(
        `select
           array(select r || ' ' || p
                   from unnest(array['anon', 'authenticated']) r, unnest($1::text[]) p
                  where has_table_privilege(r, 'public.grants_probe', p)) as table_grants,
           array(select r from unnest(array['anon', 'authenticated']) r
                  where has_function_privilege(r, 'public.grants_probe_fn()', 'execute')) as function_grants`,
        [PRIVS],
      )
      return rows[0]
    })
    expect(row).toEqual({ table_grants: [], function_grants: [] })
  })
})
