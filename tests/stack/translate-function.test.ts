// Read in your own language (issue #14) through the real supabase-js `functions.invoke`, as the
// app calls it. The Edge Function runs in Deno on a private stack whose secrets point at a local
// stand-in for the DeepL API (tests/support/translator.ts); the shared stack has no provider.
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack } from '../setup/stack.ts'
import { anonClient as sharedAnon, sqlAt } from '../support/clients.ts'
import { fakeTranslation, startTranslator } from '../support/translator.ts'
import { SEED } from '../support/users.ts'

type Stack = Awaited<ReturnType<typeof startTestStack>>
let stack: Stack
let translator: Awaited<ReturnType<typeof startTranslator>>

beforeAll(async () => {
  translator = await startTranslator()
  stack = await startTestStack({
    functionSecrets: { DEEPL_API_KEY: translator.deeplKey, DEEPL_API_URL: translator.url },
  })
}, 240_000)

afterAll(async () => {
  await stack?.stop()
  await translator?.close()
})

const options = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
}

function visitor(): SupabaseClient {
  return createClient(stack.info.apiUrl, stack.info.publishableKey, options)
}

const sql = <T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
) => sqlAt<T>(stack.info.dbUrl, text, params)

/** A person who signed up with a password: a real session with Auth's ES256 token. */
async function person(locale = 'nl'): Promise<{ id: string; client: SupabaseClient }> {
  const client = visitor()
  const { data, error } = await client.auth.signUp({
    email: `tr-${randomUUID().slice(0, 8)}@example.test`,
    password: 'correct-horse-battery',
    options: { data: { display_name: 'Testbuur', locale } },
  })
  if (error || !data.user) throw error ?? new Error('no user')
  return { id: data.user.id, client }
}

async function idea(author: string, language = 'nl'): Promise<string> {
  const id = randomUUID()
  await sql(
    `insert into public.ideas (id, author_id, title, body, kind, theme_id, neighbourhood_id, language)
     values ($1, $2, $3, $4, 'idea', $5, $6, $7)`,
    [
      id,
      author,
      `Bankje ${id.slice(0, 6)} bij de speeltuin`,
      `Ouders staan nu de hele middag (${id.slice(0, 8)}). Een bankje zou fijn zijn.`,
      SEED.themes.fijneBuurt,
      SEED.neighbourhoods.limbeekNoord,
      language,
    ],
  )
  return id
}

function translate(client: SupabaseClient, body: Record<string, unknown>) {
  return client.functions.invoke('translate', { body })
}

async function refusal(error: unknown): Promise<{ status: number; body: unknown }> {
  expect(error).toBeInstanceOf(FunctionsHttpError)
  const res = (error as FunctionsHttpError).context as Response
  return { status: res.status, body: await res.json() }
}

const callsTo = (text: string) => translator.calls.filter((c) => c.text === text)

describe('translate: is a provider there?', () => {
  it('says available when the secrets name a provider, to anyone', async () => {
    const { data, error } = await translate(visitor(), { check: true })
    expect(error).toBeNull()
    expect(data).toEqual({ available: true })
  })

  it('says not available without a provider (the shared stack), and translates nothing', async () => {
    const { data, error } = await translate(sharedAnon(), { check: true })
    expect(error).toBeNull()
    expect(data).toEqual({ available: false })
    const refused = await translate(sharedAnon(), {
      source_table: 'ideas',
      source_id: randomUUID(),
      field: 'body',
      target_language: 'tr',
    })
    expect(await refusal(refused.error)).toEqual({
      status: 503,
      body: { error: 'translation_unavailable' },
    })
  })
})

describe('translate', () => {
  it('translates an idea for a signed-in person once, stores it, and serves it from the table after', async () => {
    const author = await person()
    const reader = await person('tr')
    const id = await idea(author.id)
    const [{ body }] = await sql<{ body: string }>('select body from public.ideas where id = $1', [
      id,
    ])

    const first = await translate(reader.client, {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'tr',
    })
    expect(first.error).toBeNull()
    expect(first.data).toEqual({
      text: fakeTranslation(body, 'tr'),
      source_language: 'nl',
      cached: false,
    })
    expect(callsTo(body)).toEqual([{ api: 'deepl', text: body, source: 'NL', target: 'TR' }])

    // Stored once, readable by who may read the idea.
    const { data: rows } = await reader.client
      .from('translations')
      .select('source_table, field, target_language, source_language, translated_text, provider')
      .eq('source_id', id)
    expect(rows).toEqual([
      {
        source_table: 'ideas',
        field: 'body',
        target_language: 'tr',
        source_language: 'nl',
        translated_text: fakeTranslation(body, 'tr'),
        provider: 'deepl',
      },
    ])

    // Someone else asks the same: from the table, the provider is not asked again.
    const other = await person('tr')
    const again = await translate(other.client, {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'tr',
    })
    expect(again.data).toEqual({
      text: fakeTranslation(body, 'tr'),
      source_language: 'nl',
      cached: true,
    })
    expect(callsTo(body)).toHaveLength(1)
  })

  it('translates again after the text was edited, and forgets the old translation', async () => {
    const author = await person()
    const reader = await person('en')
    const id = await idea(author.id)
    const ask = () =>
      translate(reader.client, {
        source_table: 'ideas',
        source_id: id,
        field: 'title',
        target_language: 'en',
      })
    const [{ title }] = await sql<{ title: string }>(
      'select title from public.ideas where id = $1',
      [id],
    )
    expect((await ask()).data).toMatchObject({ text: fakeTranslation(title, 'en'), cached: false })

    const edited = `${title} (nieuw)`
    const { error } = await author.client.from('ideas').update({ title: edited }).eq('id', id)
    expect(error).toBeNull()
    // The old version's translation is gone at once, not just unread.
    expect(await sql('select 1 from public.translations where source_id = $1', [id])).toEqual([])

    expect((await ask()).data).toMatchObject({ text: fakeTranslation(edited, 'en'), cached: false })
    expect(callsTo(edited)).toEqual([{ api: 'deepl', text: edited, source: 'NL', target: 'EN-GB' }])
    const stored = await sql<{ translated_text: string }>(
      'select translated_text from public.translations where source_id = $1',
      [id],
    )
    expect(stored).toEqual([{ translated_text: fakeTranslation(edited, 'en') }])
  })

  it('translates a comment from its own language and a public answer of the team', async () => {
    const author = await person('tr')
    const reader = await person('nl')
    const id = await idea(author.id)
    // Written with a Turkish interface: the comment is Turkish unless the form says otherwise.
    const { data: comment, error } = await author.client
      .from('comments')
      .insert({ idea_id: id, body: 'Çok güzel bir fikir, katılıyorum.' })
      .select('id, language')
      .single()
    expect(error).toBeNull()
    expect(comment!.language).toBe('tr')
    const { data } = await translate(reader.client, {
      source_table: 'comments',
      source_id: comment!.id,
      field: 'body',
      target_language: 'nl',
    })
    expect(data).toMatchObject({
      text: fakeTranslation('Çok güzel bir fikir, katılıyorum.', 'nl'),
      source_language: 'tr',
    })
    expect(callsTo('Çok güzel bir fikir, katılıyorum.')[0]).toMatchObject({
      source: 'TR',
      target: 'NL',
    })

    const [update] = await sql<{ id: string }>(
      `insert into public.idea_updates (idea_id, status, message, language)
       values ($1, 'in_review', 'We bekijken uw idee deze week.', 'nl') returning id`,
      [id],
    )
    const answerText = await translate(reader.client, {
      source_table: 'idea_updates',
      source_id: update.id,
      field: 'message',
      target_language: 'ar',
    })
    expect(answerText.data).toMatchObject({
      text: fakeTranslation('We bekijken uw idee deze week.', 'ar'),
    })
  })

  it('refuses a visitor, and sends nothing to the provider', async () => {
    const author = await person()
    const id = await idea(author.id)
    const before = translator.calls.length
    const { data, error } = await translate(visitor(), {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'tr',
    })
    expect(data).toBeNull()
    expect(await refusal(error)).toEqual({ status: 401, body: { error: 'not_signed_in' } })
    // Not with a forged token either.
    const forged = createClient(stack.info.apiUrl, stack.info.publishableKey, {
      ...options,
      global: {
        headers: {
          Authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
            JSON.stringify({ sub: author.id, role: 'authenticated' }),
          ).toString('base64url')}.`,
        },
      },
    })
    const second = await translate(forged, {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'tr',
    })
    expect((await refusal(second.error)).status).toBe(401)
    expect(translator.calls.length).toBe(before)
  })

  it('refuses an unknown language or field', async () => {
    const reader = await person()
    const id = await idea(reader.id)
    for (const [body, error] of [
      [{ target_language: 'de', field: 'body' }, 'translation_language_unknown'],
      [{ target_language: 'en', field: 'author_id' }, 'translation_field_unknown'],
    ] as const) {
      const res = await translate(reader.client, { source_table: 'ideas', source_id: id, ...body })
      expect(await refusal(res.error)).toEqual({ status: 400, body: { error } })
    }
    // The database refuses too, whoever calls it.
    const direct = await reader.client.rpc('request_translation', {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'de',
    })
    expect(direct.error?.message).toBe('translation_language_unknown')
  })

  it('does not translate, or show the translation of, a hidden or withdrawn idea or a hidden comment', async () => {
    const author = await person()
    const reader = await person('en')
    const id = await idea(author.id)
    const ask = (table: string, source: string) =>
      translate(reader.client, {
        source_table: table,
        source_id: source,
        field: 'body',
        target_language: 'en',
      })
    const { data: comment } = await author.client
      .from('comments')
      .insert({ idea_id: id, body: 'Goed plan, ik help mee.' })
      .select('id')
      .single()
    expect((await ask('ideas', id)).error).toBeNull()
    expect((await ask('comments', comment!.id)).error).toBeNull()
    const visible = async () =>
      (
        await reader.client
          .from('translations')
          .select('source_table')
          .in('source_id', [id, comment!.id])
      ).data
    expect(await visible()).toHaveLength(2)

    await sql(
      `update public.comments set hidden_at = now(), hidden_reason = 'Test' where id = $1`,
      [comment!.id],
    )
    expect(await visible()).toEqual([{ source_table: 'ideas' }])
    expect(await refusal((await ask('comments', comment!.id)).error)).toEqual({
      status: 404,
      body: { error: 'translation_not_found' },
    })

    await sql(`update public.ideas set hidden_at = now(), hidden_reason = 'Test' where id = $1`, [
      id,
    ])
    expect(await visible()).toEqual([])
    expect((await refusal((await ask('ideas', id)).error)).status).toBe(404)
    // The author still sees their own hidden idea, so its translation too.
    const { data: own } = await author.client
      .from('translations')
      .select('source_id')
      .eq('source_id', id)
    expect(own).toHaveLength(1)

    const other = await idea(author.id)
    expect((await ask('ideas', other)).error).toBeNull()
    await sql(`update public.ideas set withdrawn_at = now() where id = $1`, [other])
    expect(
      (await reader.client.from('translations').select('source_id').eq('source_id', other)).data,
    ).toEqual([])
    expect((await refusal((await ask('ideas', other)).error)).status).toBe(404)
  })

  it('refuses over the limit (counted in Postgres), and serves stored translations still', async () => {
    const reader = await person()
    const id = await idea(reader.id)
    const stored = await translate(reader.client, {
      source_table: 'ideas',
      source_id: id,
      field: 'title',
      target_language: 'pl',
    })
    expect(stored.error).toBeNull()
    const [{ max_count }] = await sql<{ max_count: number }>(
      `select max_count from private.limits where action = 'translations'`,
    )
    // The rest of the hour's allowance used up.
    await sql(
      `insert into private.attempts (user_id, action) select $1, 'translations' from generate_series(2, $2)`,
      [reader.id, max_count],
    )
    const before = translator.calls.length
    const over = await translate(reader.client, {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'pl',
    })
    expect(await refusal(over.error)).toEqual({
      status: 429,
      body: { error: 'rate_limited: translations' },
    })
    expect(translator.calls.length).toBe(before)
    // What is stored costs nothing.
    const again = await translate(reader.client, {
      source_table: 'ideas',
      source_id: id,
      field: 'title',
      target_language: 'pl',
    })
    expect(again.data).toMatchObject({ cached: true })
  })

  it('lets nobody write translations but the function (service role)', async () => {
    const reader = await person()
    const id = await idea(reader.id)
    const row = {
      source_table: 'ideas',
      source_id: id,
      field: 'body',
      target_language: 'en',
      source_hash: 'x',
      source_language: 'nl',
      translated_text: 'Forged',
      provider: 'deepl',
    }
    expect((await reader.client.from('translations').insert(row)).error?.code).toBe('42501')
    expect((await reader.client.rpc('store_translation', row)).error).not.toBeNull()
    expect((await visitor().from('translations').select('source_id')).error?.code).toBe('42501')
    expect(await sql('select 1 from public.translations where source_id = $1', [id])).toEqual([])
  })
})
