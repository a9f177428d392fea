// What a postgres_changes event carries under RLS, as Supabase documents it: an UPDATE's and a
// DELETE's old record is only the primary key, so unhiding an idea tells no subscriber why it
// was hidden or by whom; and the RLS check is made on the row version the event carries, so a
// version nobody else may see does not go out because a later version is visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import { sql, stackInfo } from '../support/clients.ts'
import { clientWithJwt, SEED } from '../support/users.ts'
import { mintToken, realtimeClient, subscribed, uniqueName, waitFor } from './realtime-support.ts'

type Idea = { id: string; title: string; hidden_at: string | null; hidden_reason: string | null }
type Change = RealtimePostgresChangesPayload<Idea>

let ideaId: string
let visitor: SupabaseClient

beforeAll(async () => {
  const [{ id }] = await sql<{ id: string }>(
    `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id)
     values ($1, 'Een bankje bij de vijver', 'Er is geen plek om te zitten bij de vijver.', $2, $3)
     returning id`,
    [SEED.users.bewoner, SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord],
  )
  ideaId = id
  visitor = await realtimeClient(stackInfo())
})

afterAll(async () => {
  await visitor?.removeAllChannels()
  await sql('delete from public.ideas where id = $1', [ideaId])
})

async function follow(): Promise<Change[]> {
  const got: Change[] = []
  await subscribed(
    visitor
      .channel(uniqueName('idea'))
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table: 'ideas', filter: `id=eq.${ideaId}` },
        (p) => got.push(p as Change),
      ),
  )
  return got
}

describe('postgres_changes payloads under RLS', () => {
  it('sends only the primary key as the old record when the team unhides an idea', async () => {
    const got = await follow()
    // The team member as the app would be after sign-in, with a second factor.
    const token = await mintToken(stackInfo().jwtSecret, {
      sub: SEED.users.team,
      role: 'authenticated',
      aud: 'authenticated',
      aal: 'aal2',
    })
    const team = clientWithJwt(token)
    const hidden = await team.rpc('hide_idea', {
      idea_id: ideaId,
      reason: 'Scheldwoorden in de tekst',
    })
    expect(hidden.error).toBeNull()
    const shown = await team.rpc('unhide_idea', { idea_id: ideaId, reason: 'Tekst is aangepast' })
    expect(shown.error).toBeNull()
    await waitFor(() => got.length > 0, 10_000, 'the unhide event')
    // The hide made the idea invisible to the visitor: only the unhide reaches them.
    expect(got.map((c) => c.eventType)).toEqual(['UPDATE'])
    expect(got[0].old).toEqual({ id: ideaId })
    expect(got[0].new).toMatchObject({ id: ideaId, hidden_at: null, hidden_reason: null })
    expect(JSON.stringify(got[0])).not.toContain('Scheldwoorden')
    expect(JSON.stringify(got[0])).not.toContain(SEED.users.team)
  })

  it('checks RLS on the version the event carries, not on a later one', async () => {
    const got = await follow()
    // One transaction hides the idea and shows it again: the first version is hidden from the
    // visitor, the second is not. The second event is the marker.
    await sql(`
      begin;
      update public.ideas set hidden_at = now(), hidden_reason = 'Reden die niemand mag zien',
        hidden_by = '${SEED.users.team}' where id = '${ideaId}';
      update public.ideas set hidden_at = null, hidden_reason = null, hidden_by = null,
        title = 'Een bankje bij de vijver, graag' where id = '${ideaId}';
      commit;`)
    await waitFor(
      () => got.some((c) => (c.new as Idea).title === 'Een bankje bij de vijver, graag'),
      10_000,
      'the visible version',
    )
    expect(got).toHaveLength(1)
    expect(got[0].new).toMatchObject({ hidden_at: null, hidden_reason: null })
    expect(JSON.stringify(got)).not.toContain('Reden die niemand mag zien')
  })

  it('can judge a row version of every published table for every API role', async () => {
    // The row check is built from each table's policies: one that cannot run would hide every
    // change of that table from that role, silently.
    const tables = await sql<{ oid: number; name: string }>(
      `select c.oid::int as oid, format('%I.%I', p.schemaname, p.tablename) as name
         from pg_publication_tables p
         join pg_class c on c.oid = format('%I.%I', p.schemaname, p.tablename)::regclass
        where p.pubname = 'supabase_realtime'`,
    )
    expect(tables.map((t) => t.name)).toContain('public.ideas')
    const db = new pg.Client({ connectionString: stackInfo().dbUrl })
    await db.connect()
    try {
      for (const { oid, name } of tables) {
        for (const role of ['anon', 'authenticated']) {
          const claims = { role, sub: SEED.users.bewoner }
          const [{ q }] = (await db.query('select _realtime.row_check($1, $2) as q', [oid, role]))
            .rows as { q: string }[]
          await db.query('begin')
          try {
            await db.query(
              `select set_config('role', $1, true),
              set_config('request.jwt.claims', $2, true)`,
              [role, JSON.stringify(claims)],
            )
            const res = await db.query(q, [JSON.stringify([{}])])
            expect(res.rows, `${name} as ${role}`).toHaveLength(1)
          } finally {
            await db.query('rollback')
          }
        }
      }
    } finally {
      await db.end()
    }
  })
})
