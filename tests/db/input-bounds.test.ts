// Visitors (anon) must not be able to make the database work in proportion to how much text they
// send. similar_ideas() cuts its draft title to 120 characters (the title limit) before any work;
// the full-text search is a PostgREST filter, and what bounds it is the size of a request head
// (the gateway, and PostgREST itself on a hosted project). Through the gateway and PostgREST; SQL
// to arrange and to compare the database's own execution time. No wall-clock limits on requests
// (the machine may be busy): anon's 3 s statement timeout is the bound, and a request that ran
// into it fails with 57014.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { beforeAll, describe, expect, test } from 'vitest'
import { anonClient, sql, stackInfo } from '../support/clients.ts'
import { SEED, createUser, ideaInput, type TestUser } from '../support/users.ts'

const MB = 1_000_000

describe('similar_ideas with a huge draft title', () => {
  const tag = `Zwembadplan${randomUUID().slice(0, 6)}`
  const long = `Een ${tag} voor de buurt ` + 'x'.repeat(MB)
  const prefix = long.slice(0, 120)

  beforeAll(async () => {
    // Enough open ideas that comparing a 1 MB title with each of them takes seconds.
    await sql(
      `insert into public.ideas (title, body, theme_id, neighbourhood_id)
       select 'Een ' || $1 || ' voor de buurt ' || g, 'Een idee met genoeg woorden voor de test.', $2, $3
         from generate_series(1, 200) g`,
      [tag, SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord],
    )
  })

  test('answers a 1 MB title with the same ideas as its first 120 characters, within the timeout', async () => {
    const visitor = anonClient()
    const bounded = await visitor.rpc('similar_ideas', { draft_title: prefix, max: 20 })
    expect(bounded.error).toBeNull()
    expect(bounded.data).toHaveLength(20)
    for (const row of bounded.data as { title: string }[]) expect(row.title).toContain(tag)
    const huge = await visitor.rpc('similar_ideas', { draft_title: long, max: 20 })
    // Unbounded, this call compared 1 MB with 200 titles and ended in a statement timeout (57014).
    expect(huge.error).toBeNull()
    expect(huge.data).toEqual(bounded.data)
  })

  test('costs the database no more for 1 MB than for its first 120 characters', async () => {
    const db = new pg.Client({ connectionString: stackInfo().dbUrl })
    await db.connect()
    const executionMs = async (title: string) => {
      const { rows } = await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
        'explain (analyze, format json) select * from public.similar_ideas($1, null, 20)',
        [title],
      )
      return rows[0]['QUERY PLAN'][0]['Execution Time']
    }
    try {
      await db.query('begin')
      await db.query('set local role anon')
      await db.query(`set local statement_timeout = '60s'`)
      const bounded = Math.min(await executionMs(prefix), await executionMs(prefix))
      const huge = Math.min(await executionMs(long), await executionMs(long))
      // Unbounded, the 1 MB title took seconds here against milliseconds for its prefix.
      expect(huge).toBeLessThan(Math.max(bounded * 5, bounded + 100))
    } finally {
      await db.query('rollback').catch(() => undefined)
      await db.end()
    }
  })

  test('ten parallel 1 MB calls all finish within the timeout, and a list read meanwhile works', async () => {
    const calls = Array.from({ length: 10 }, () =>
      anonClient().rpc('similar_ideas', { draft_title: long, max: 5 }),
    )
    const list = await anonClient().from('idea_cards').select('id').limit(20)
    const results = await Promise.all(calls)
    for (const r of results) {
      expect(r.error).toBeNull()
      expect(r.data).toHaveLength(5)
    }
    expect(list.error).toBeNull()
  })

  test('still needs 3 letters after the cut, as before', async () => {
    const { data, error } = await anonClient().rpc('similar_ideas', {
      draft_title: ' '.repeat(200) + tag,
    })
    expect(error).toBeNull()
    expect(data).toEqual([])
  })
})

describe('the full-text search filter with a huge query', () => {
  const words = (bytes: number) =>
    Array.from({ length: Math.ceil(bytes / 8) }, (_, i) => `w${i}x`)
      .join('%20')
      .slice(0, bytes)
  const search = (base: string, query: string) =>
    fetch(`${base}/searchable_idea_cards?select=id&search=wfts(dutch).${query}`, {
      headers: { apikey: stackInfo().anonKey },
    })

  test('a 1 MB query is refused before it reaches the database, by the gateway and by PostgREST', async () => {
    const { apiUrl, postgrestUrl } = stackInfo()
    for (const base of [`${apiUrl}/rest/v1`, postgrestUrl]) {
      const res = await search(base, words(MB)).catch((e: unknown) => e)
      // Node answers an oversized request head with 400/431 or closes the socket; either way no
      // query ran.
      if (res instanceof Response) expect([400, 414, 431]).toContain(res.status)
    }
  })

  test('the longest query the gateway lets through is answered quickly', async () => {
    const { apiUrl } = stackInfo()
    // Node's default limit for a request head is 16 KiB; keep room for the headers.
    const res = await search(`${apiUrl}/rest/v1`, words(14_000))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([])
  })

  test('pathological pattern filters from a visitor are answered quickly', async () => {
    const { apiUrl, anonKey } = stackInfo()
    const patterns = [
      ['body', 'match', '(a|aa)*'.repeat(40) + 'b'],
      ['body', 'match', '((a*)*)*'.repeat(100) + 'b'],
      ['body', 'match', '(x+x+)+y'.repeat(200)],
      ['body', 'ilike', '%a'.repeat(1500)],
      ['title', 'wfts(dutch)', 'woord '.repeat(1500)],
    ]
    for (const [column, op, value] of patterns) {
      const url = new URL(`${apiUrl}/rest/v1/ideas`)
      url.searchParams.set('select', 'id')
      url.searchParams.set(column, `${op}.${value}`)
      const res = await fetch(url, { headers: { apikey: anonKey } })
      expect(res.status, `${column} ${op}`).toBeLessThan(500)
    }
  })
})

describe('an idea with a huge text from a signed-in person', () => {
  const submit = (client: TestUser['client'], over: Record<string, unknown>) =>
    client.rpc('submit_idea', { id: randomUUID(), ...ideaInput(over), lat: null, lng: null })

  test('is refused as too long before the database indexes it, without echoing it back', async () => {
    const me = await createUser()
    for (const [field, constraint] of [
      ['body', 'ideas_body_length'],
      ['title', 'ideas_title_length'],
    ]) {
      const { error } = await submit(me.client, { [field]: 'woord '.repeat(300_000) })
      expect(error, field).toMatchObject({ code: '23514' })
      expect(error!.message, field).toContain(constraint)
      // Unbounded, the full-text vector of 1.8 MB was computed first (about a second) and the
      // failing row came back in the error's detail.
      expect(JSON.stringify(error).length, field).toBeLessThan(2000)
    }
    expect(await sql('select 1 from public.ideas where author_id = $1', [me.id])).toEqual([])
  })

  test('keeps the limits exactly where the constraints put them', async () => {
    const me = await createUser()
    const body = 'b'.repeat(5000)
    expect((await submit(me.client, { body: body + '   \n' })).error).toBeNull()
    expect((await submit(me.client, { body: body + 'b' })).error).toMatchObject({ code: '23514' })
    expect((await submit(me.client, { title: 't'.repeat(120) + '  ' })).error).toBeNull()
    expect((await submit(me.client, { title: 't'.repeat(121) })).error).toMatchObject({
      code: '23514',
    })
  })
})
