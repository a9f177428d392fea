// Read in your own language (issue #14): machine translation of an idea, a comment or a public
// answer, on request of a signed-in person. Postgres decides who may have what: with the
// CALLER's own token this calls request_translation(), which finds the text only when the caller
// may read it, answers a stored translation when there is one, and otherwise counts the request
// against the caller's limit (it costs money). Only then is the text sent to the provider, and
// the answer is stored with the secret key (store_translation()), once per text version.
//
// The provider is chosen by secrets (supabase/functions/.env.example):
//   DEEPL_API_KEY (+ DEEPL_API_URL)              the DeepL API, POST /v2/translate
//   LIBRETRANSLATE_URL (+ LIBRETRANSLATE_API_KEY) a LibreTranslate server, POST /translate
// Without either the function answers { available: false } and the app shows no button.
// verify_jwt = false (config.toml): the function checks its caller itself (auth.getClaims()).
import { createClient } from 'npm:@supabase/supabase-js@2.119.1'
import { corsHeaders } from 'npm:@supabase/supabase-js@2.119.1/cors'
import { secretKeys } from '../_shared/caller.ts'

const HEADERS = { ...corsHeaders, 'content-type': 'application/json' }
const LANGUAGES = ['nl', 'en', 'tr', 'ar', 'pl'] as const
type Language = (typeof LANGUAGES)[number]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: HEADERS })
}
const refuse = (status: number, error: string) => answer(status, { error })

interface Provider {
  name: 'deepl' | 'libretranslate'
  translate(text: string, source: Language, target: Language): Promise<string>
}

/** DeepL's codes: English as a target must say which English. */
const DEEPL_TARGET: Record<Language, string> = {
  nl: 'NL',
  en: 'EN-GB',
  tr: 'TR',
  ar: 'AR',
  pl: 'PL',
}

function provider(): Provider | null {
  const deeplKey = Deno.env.get('DEEPL_API_KEY')
  if (deeplKey) {
    // Free-plan keys end in ":fx" and have their own host.
    const base = (
      Deno.env.get('DEEPL_API_URL') ??
      (deeplKey.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com')
    ).replace(/\/$/, '')
    return {
      name: 'deepl',
      async translate(text, source, target) {
        const res = await fetch(`${base}/v2/translate`, {
          method: 'POST',
          headers: {
            authorization: `DeepL-Auth-Key ${deeplKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            text: [text],
            source_lang: source.toUpperCase(),
            target_lang: DEEPL_TARGET[target],
          }),
        })
        if (!res.ok) throw new Error(`DeepL answered ${res.status}`)
        const body = (await res.json()) as { translations?: { text?: unknown }[] }
        const out = body.translations?.[0]?.text
        if (typeof out !== 'string' || !out) throw new Error('DeepL answered no text')
        return out
      },
    }
  }
  const libreUrl = Deno.env.get('LIBRETRANSLATE_URL')
  if (libreUrl) {
    const base = libreUrl.replace(/\/$/, '')
    const apiKey = Deno.env.get('LIBRETRANSLATE_API_KEY')
    return {
      name: 'libretranslate',
      async translate(text, source, target) {
        const res = await fetch(`${base}/translate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            q: text,
            source,
            target,
            format: 'text',
            ...(apiKey ? { api_key: apiKey } : {}),
          }),
        })
        if (!res.ok) throw new Error(`LibreTranslate answered ${res.status}`)
        const body = (await res.json()) as { translatedText?: unknown }
        if (typeof body.translatedText !== 'string' || !body.translatedText) {
          throw new Error('LibreTranslate answered no text')
        }
        return body.translatedText
      },
    }
  }
  return null
}

/** The publishable (or legacy anon) key, for a client that acts as the caller. */
function publicKey(): string {
  const legacy = Deno.env.get('SUPABASE_ANON_KEY')
  if (legacy) return legacy
  try {
    const keys = JSON.parse(Deno.env.get('SUPABASE_PUBLISHABLE_KEYS') ?? '{}') as Record<
      string,
      string
    >
    return keys.default ?? ''
  } catch {
    return ''
  }
}

/** The status for a key request_translation() raised. */
function statusOf(key: string): number {
  if (key === 'not_signed_in') return 401
  if (key === 'translation_not_found') return 404
  if (key === 'translation_language_unknown' || key === 'translation_field_unknown') return 400
  if (key.startsWith('rate_limited')) return 429
  return 500
}

interface Body {
  check?: unknown
  source_table?: unknown
  source_id?: unknown
  field?: unknown
  target_language?: unknown
}

const options = { auth: { persistSession: false, autoRefreshToken: false } }

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: HEADERS })
  if (req.method !== 'POST') return refuse(405, 'method_not_allowed')
  let body: Body
  try {
    body = ((await req.json()) ?? {}) as Body
  } catch {
    return refuse(400, 'invalid_request')
  }
  const chosen = provider()
  // Whether the button is shown: anyone may ask, nothing is spent.
  if (body.check === true) return answer(200, { available: chosen !== null })
  if (!chosen) return refuse(503, 'translation_unavailable')

  const url = Deno.env.get('SUPABASE_URL') ?? ''
  const authorization = req.headers.get('authorization') ?? ''
  const token = /^Bearer (.+)$/.exec(authorization)?.[1]
  const caller = createClient(url, publicKey(), {
    ...options,
    global: { headers: { Authorization: authorization } },
  })
  // A person's verified session (ES256 against the JWKS), not a key.
  const claims = token ? await caller.auth.getClaims(token) : null
  const sub = claims?.data?.claims?.sub
  if (!claims || claims.error || typeof sub !== 'string' || !sub) {
    return refuse(401, 'not_signed_in')
  }

  const table = typeof body.source_table === 'string' ? body.source_table : ''
  const id = typeof body.source_id === 'string' ? body.source_id : ''
  const field = typeof body.field === 'string' ? body.field : ''
  const target = typeof body.target_language === 'string' ? body.target_language : ''
  if (!table || !UUID.test(id) || !field) return refuse(400, 'invalid_request')
  if (!(LANGUAGES as readonly string[]).includes(target)) {
    return refuse(400, 'translation_language_unknown')
  }

  const { data, error } = await caller.rpc('request_translation', {
    source_table: table,
    source_id: id,
    field,
    target_language: target,
  })
  if (error) {
    const key = error.message ?? ''
    if (statusOf(key) !== 500) return refuse(statusOf(key), key)
    if (error.code === 'PGRST301' || error.code === 'PGRST303') return refuse(401, 'not_signed_in')
    if (error.code === '42501') return refuse(403, 'not_allowed')
    console.error(`request_translation failed: ${error.code} ${error.message}`)
    return refuse(500, 'translation_failed')
  }
  const found = data as {
    translation?: string
    text?: string
    source_language: Language
    source_hash: string
    cached: boolean
  }
  if (found.cached && typeof found.translation === 'string') {
    return answer(200, {
      text: found.translation,
      source_language: found.source_language,
      cached: true,
    })
  }

  let text: string
  try {
    text = await chosen.translate(found.text ?? '', found.source_language, target as Language)
  } catch (e) {
    console.error(`translation failed: ${(e as Error).message}`)
    return refuse(502, 'translation_failed')
  }
  const admin = createClient(url, secretKeys()[0] ?? '', options)
  const stored = await admin.rpc('store_translation', {
    source_table: table,
    source_id: id,
    field,
    target_language: target,
    source_hash: found.source_hash,
    source_language: found.source_language,
    translated_text: text,
    provider: chosen.name,
  })
  // Not stored (the text changed meanwhile, or the database failed): the person still gets it.
  if (stored.error) console.error(`store_translation failed: ${stored.error.message}`)
  return answer(200, { text, source_language: found.source_language, cached: false })
})
