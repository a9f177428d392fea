import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, inject, it } from 'vitest'
import {
  JWT_SECRET,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
} from '../../supabase/local/keys.ts'
import { loadConfig } from '../../supabase/local/config.ts'

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  )
}

describe('the production build', () => {
  const dist = inject('distDir')

  it('never contains a secret: the secret key, the service-role key, the JWT secret, a private key', () => {
    const files = allFiles(dist)
    expect(files.length).toBeGreaterThan(2)
    const [, servicePayload] = SERVICE_ROLE_KEY.split('.')
    const [signing] = JSON.parse(readFileSync(loadConfig().auth.signingKeysPath!, 'utf8')) as {
      d: string
    }[]
    let publishable = false
    for (const file of files) {
      const text = readFileSync(file, 'latin1')
      expect(text.includes(SECRET_KEY), file).toBe(false)
      expect(text.includes(SERVICE_ROLE_KEY), file).toBe(false)
      expect(text.includes(servicePayload), file).toBe(false)
      expect(text.includes(JWT_SECRET), file).toBe(false)
      expect(text.includes(signing.d), file).toBe(false)
      publishable ||= text.includes(PUBLISHABLE_KEY)
    }
    // The app is built with the publishable key, as a new hosted project gives it.
    expect(publishable).toBe(true)
  })

  it('sets a Content-Security-Policy that allows only its own API and PDOK', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    const csp = (
      /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    ).replaceAll('&#39;', "'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain(inject('stack').apiUrl)
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
  })

  it('loads no third-party fonts or scripts', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    // Only our own Supabase API may appear (the build preconnects to it); nothing else.
    const api = new URL(inject('stack').apiUrl).origin
    const external = [...html.matchAll(/(?:src|href)="(https?:[^"]+)"/g)]
      .map((m) => m[1])
      .filter((url) => new URL(url).origin !== api)
    expect(external).toEqual([])
  })

  // What a first visit to the home page must download before it can show ideas: the entry
  // script and every chunk the HTML preloads with it (the home view and the Dutch messages are in
  // the entry, which the build makes one chunk: vite.config.ts). Gzip is deterministic at a fixed
  // level, so this is a size check, not a timing. Target (issue #14): 110 KB. It was 145.0 KB
  // after the settings, agenda, follow-up, photos and invite work joined; 107.5 KB on 2026-12-02
  // with auth-js's admin API, WebAuthn, Web3 and functions-js off the first load, one entry chunk
  // and the team's messages in a chunk of their own (scripts/precompileMessages.ts); 109.3 KB once
  // the agenda forms, initiatives and translation joined (their Dutch texts are in the first load).
  it('sends at most 110 KB of gzipped JavaScript on a first visit to the home page', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    const scripts = [
      ...html.matchAll(/<script type="module"[^>]* src="\/([^"]+)"/g),
      ...html.matchAll(/<link rel="modulepreload"[^>]* href="\/([^"]+)"/g),
    ].map((m) => m[1])
    expect(scripts.length).toBeGreaterThanOrEqual(1)
    const bytes = scripts.reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
      0,
    )
    expect(bytes / 1024).toBeLessThanOrEqual(110)
    // Realtime, Storage, Edge Functions, the team's messages and the other languages come
    // later, on first use.
    const first = scripts.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n')
    expect(first).not.toContain('phx_join')
    expect(first).not.toContain('object/public')
    expect(first).not.toContain('x-region')
    expect(first).not.toContain('Nieuw idee in de wachtrij')
    expect(first).toContain('Zet je idee in de emmer')
  })
})
