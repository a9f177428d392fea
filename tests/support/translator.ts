// A local stand-in for the translation providers the Edge Function `translate` can use: it
// speaks the DeepL API (POST /v2/translate, `Authorization: DeepL-Auth-Key …`, JSON with
// text[]/source_lang/target_lang) and LibreTranslate (POST /translate with q/source/target/
// api_key). It "translates" by tagging the text with the target language, so a test can see
// which text went where, and it records every request (what left the project).
import { createServer, type Server } from 'node:http'
import { freePort } from '../../supabase/local/stack.ts'

export interface TranslatorCall {
  api: 'deepl' | 'libretranslate'
  text: string
  source: string
  target: string
}

/** The stand-in's translation of `text` into `target` (as both APIs answer it). */
export function fakeTranslation(text: string, target: string): string {
  return `[${target.toLowerCase()}] ${text}`
}

const DEEPL_TARGETS = ['NL', 'EN-GB', 'EN-US', 'TR', 'AR', 'PL']
const DEEPL_SOURCES = ['NL', 'EN', 'TR', 'AR', 'PL']
const LIBRE_LANGUAGES = ['nl', 'en', 'tr', 'ar', 'pl']

export const TRANSLATOR_DEEPL_KEY = 'stand-in-deepl-key'

export async function startTranslator(
  opts: { deeplKey?: string; libreKey?: string; port?: number } = {},
) {
  const calls: TranslatorCall[] = []
  const deeplKey = opts.deeplKey ?? TRANSLATOR_DEEPL_KEY
  const libreKey = opts.libreKey ?? 'stand-in-libre-key'
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
      } catch {
        return send(400, { message: 'Bad request' })
      }
      if (req.method === 'POST' && req.url === '/v2/translate') {
        if (req.headers.authorization !== `DeepL-Auth-Key ${deeplKey}`) {
          return send(403, { message: 'Wrong endpoint or authorization' })
        }
        const texts = body.text
        const target = String(body.target_lang ?? '')
        const source = String(body.source_lang ?? '')
        if (!Array.isArray(texts) || !DEEPL_TARGETS.includes(target)) {
          return send(400, { message: "Value for 'target_lang' not supported." })
        }
        if (source && !DEEPL_SOURCES.includes(source)) {
          return send(400, { message: "Value for 'source_lang' not supported." })
        }
        const short = target.split('-')[0]
        for (const text of texts) calls.push({ api: 'deepl', text: String(text), source, target })
        return send(200, {
          translations: texts.map((t) => ({
            detected_source_language: source || 'NL',
            text: fakeTranslation(String(t), short),
          })),
        })
      }
      if (req.method === 'POST' && req.url === '/translate') {
        if (body.api_key !== libreKey) return send(403, { error: 'Invalid API key' })
        const { q, source, target } = body as { q?: unknown; source?: unknown; target?: unknown }
        if (typeof q !== 'string' || !LIBRE_LANGUAGES.includes(String(target))) {
          return send(400, { error: `${String(target)} is not supported` })
        }
        calls.push({
          api: 'libretranslate',
          text: q,
          source: String(source),
          target: String(target),
        })
        return send(200, { translatedText: fakeTranslation(q, String(target)) })
      }
      send(404, { message: 'Not found' })
    })
  })
  const port = opts.port ?? (await freePort())
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    deeplKey,
    libreKey,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
