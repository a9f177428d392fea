import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { SERVICE_ROLE_KEY, JWT_SECRET } from '../../supabase/local/keys.ts'

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  )
}

describe('the production build', () => {
  const dist = inject('distDir')

  it('never contains the service-role key or the JWT secret', () => {
    const files = allFiles(dist)
    expect(files.length).toBeGreaterThan(2)
    const [, servicePayload] = SERVICE_ROLE_KEY.split('.')
    for (const file of files) {
      const text = readFileSync(file, 'latin1')
      expect(text.includes(SERVICE_ROLE_KEY), file).toBe(false)
      expect(text.includes(servicePayload), file).toBe(false)
      expect(text.includes(JWT_SECRET), file).toBe(false)
    }
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
})
