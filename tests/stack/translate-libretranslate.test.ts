// The Edge Function translate with the other provider its secrets can name: a LibreTranslate
// server (POST /translate with q/source/target/api_key), here a local stand-in
// (tests/support/translator.ts) on a private stack. A provider that cannot be reached gives a
// plain refusal and stores nothing.
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sqlAt } from '../support/clients.ts'
import { startTestStack } from '../setup/stack.ts'
import { fakeTranslation, startTranslator } from '../support/translator.ts'
import { SEED } from '../support/users.ts'

let stack: Awaited<ReturnType<typeof startTestStack>>
let translator: Awaited<ReturnType<typeof startTranslator>>

beforeAll(async () => {
  translator = await startTranslator({ libreKey: 'the-right-key' })
  stack = await startTestStack({
    functionSecrets: {
      LIBRETRANSLATE_URL: translator.url,
      LIBRETRANSLATE_API_KEY: 'the-right-key',
    },
  })
}, 240_000)

afterAll(async () => {
  await stack?.stop()
  await translator?.close()
})

const sql = <T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
) => sqlAt<T>(stack.info.dbUrl, text, params)

async function person(): Promise<{ id: string; client: SupabaseClient }> {
  const client = createClient(stack.info.apiUrl, stack.info.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  })
  const { data, error } = await client.auth.signUp({
    email: `lt-${randomUUID().slice(0, 8)}@example.test`,
    password: 'correct-horse-battery',
    options: { data: { display_name: 'Testbuur', locale: 'pl' } },
  })
  if (error || !data.user) throw error ?? new Error('no user')
  return { id: data.user.id, client }
}

it('translates through LibreTranslate with the API key, and stores it once', async () => {
  const reader = await person()
  const id = randomUUID()
  const title = `Meer groen op het plein ${id.slice(0, 6)}`
  await sql(
    `insert into public.ideas (id, title, body, kind, theme_id, neighbourhood_id, language)
     values ($1, $2, 'Er staan nu alleen stenen. Bomen geven schaduw in de zomer.', 'idea', $3, $4, 'nl')`,
    [id, title, SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord],
  )
  const { data, error } = await reader.client.functions.invoke('translate', {
    body: { source_table: 'ideas', source_id: id, field: 'title', target_language: 'pl' },
  })
  expect(error).toBeNull()
  expect(data).toEqual({ text: fakeTranslation(title, 'pl'), source_language: 'nl', cached: false })
  expect(translator.calls).toEqual([
    { api: 'libretranslate', text: title, source: 'nl', target: 'pl' },
  ])
  const [row] = await sql('select provider from public.translations where source_id = $1', [id])
  expect(row).toEqual({ provider: 'libretranslate' })
})

it('answers translation_failed when the provider cannot be reached, and stores nothing', async () => {
  const reader = await person()
  const id = randomUUID()
  await sql(
    `insert into public.ideas (id, title, body, kind, theme_id, neighbourhood_id, language)
     values ($1, 'Een hek om de speeltuin', 'Kleine kinderen lopen nu zo de straat op. Een hek helpt.', 'idea', $2, $3, 'nl')`,
    [id, SEED.themes.fijneBuurt, SEED.neighbourhoods.limbeekNoord],
  )
  const before = translator.calls.length
  await translator.close()
  const { data, error } = await reader.client.functions.invoke('translate', {
    body: { source_table: 'ideas', source_id: id, field: 'body', target_language: 'pl' },
  })
  expect(data).toBeNull()
  expect(error).toBeInstanceOf(FunctionsHttpError)
  const res = (error as FunctionsHttpError).context as Response
  expect(res.status).toBe(502)
  expect(await res.json()).toEqual({ error: 'translation_failed' })
  expect(translator.calls.length).toBe(before)
  expect(await sql('select 1 from public.translations where source_id = $1', [id])).toEqual([])
})
