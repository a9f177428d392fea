// Where a mailed link may send a person after GET /verify: the site URL and the allow list
// (site_url and additional_redirect_urls of supabase/config.toml: the site http://127.0.0.1:5173,
// http://localhost:5173/**, http://127.0.0.1:4173/**, http://localhost:4173/**), and
// nowhere else. Any other redirect_to falls back to the site URL, as GoTrue does, so the tokens
// in the hash stay on the site.
import { describe, expect, it } from 'vitest'
import { anonClient, latestMail, uniqueEmail } from '../support/clients.ts'
import { authFetch, linkIn } from './auth-helpers.ts'

const SITE = 'http://127.0.0.1:5173'

/** Each must land on the site URL, never on its own target. */
const HOSTILE = [
  // Reproduced: user-info that makes the allow-list glob match, then a foreign host.
  'http://127.0.0.1:x@[2606:4700:4700::1111]/',
  'http://localhost:x@16843009/',
  'http://localhost:5173@evil.example/',
  'http://127.0.0.1:5173@evil.example/steal',
  'http://user:pass@127.0.0.1:5173/',
  'http://evil.example?@127.0.0.1:5173/',
  'http://evil.example#@127.0.0.1:5173/',
  // IPv6, listed nowhere (GoTrue lets any loopback address through).
  'http://[2606:4700:4700::1111]/',
  'http://[::1]:5173/',
  'http://[::ffff:127.0.0.1]:5173/',
  'http://[::]:5173/',
  // IPv4 in other spellings: decimal, hex, octal, short, trailing dot, full-width dots.
  'http://16843009/',
  'http://2130706433:5173/',
  'http://0x7f.0.0.1:5173/',
  'http://0x7f000001:5173/',
  'http://0177.0.0.1:5173/',
  'http://127.1:5173/',
  'http://127.0.0.1.:5173/',
  'http://127\u30020\u30020\u30021:5173/',
  'http://0.0.0.0:5173/',
  // Host names that only look like an allowed one.
  'http://localhost.:5173/',
  'http://localhost%2e:5173/',
  'http://l\u043ecalhost:5173/',
  'http://xn--lcalhost-9of:5173/',
  'http://localhost.evil.example:5173/',
  'http://evil.example/http://127.0.0.1:5173/',
  // Scheme-relative, backslashes and control characters.
  '//evil.example/',
  '///evil.example/',
  '/\\evil.example/',
  'http:\\\\evil.example\\',
  'http://evil.example\\@127.0.0.1:5173/',
  'http://127.0.0.1:5173\\@evil.example/',
  'http://127.0.0.1:5173\n@evil.example/',
  '\thttp://evil.example/',
  // Other schemes.
  'https://127.0.0.1:5173/',
  'javascript:alert(document.cookie)//127.0.0.1:5173/',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://127.0.0.1:5173/',
  // Broken ports.
  'http://127.0.0.1:99999/',
  'http://localhost:5173:80/',
]

const ALLOWED = [
  SITE,
  `${SITE}/ideeen/1?tab=reacties`,
  'http://localhost:4173/inloggen?next=%2Fmijn',
  'http://127.0.0.1:4173/inloggen',
  'http://localhost:5173/',
]

/** Where GET /verify sends the browser for this redirect_to (with a made-up token). */
async function landing(redirectTo: string): Promise<string> {
  const q = new URLSearchParams({
    token: 'f'.repeat(56),
    type: 'magiclink',
    redirect_to: redirectTo,
  })
  const res = await authFetch(`/verify?${q}`)
  expect(res.status).toBe(303)
  return res.headers.get('location')!
}

describe('redirect_to on a mailed link', () => {
  it(`keeps a corpus of ${HOSTILE.length} hostile targets on the site URL`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30)
    const followed: string[] = []
    for (const target of HOSTILE) {
      const location = await landing(target)
      if (location.split('#')[0] !== SITE) followed.push(`${JSON.stringify(target)} -> ${location}`)
    }
    expect(followed).toEqual([])
  })

  it('follows the site URL and the allow list, globs included', async () => {
    for (const target of ALLOWED) {
      const location = await landing(target)
      expect(location.startsWith(`${target}#error=`), `${target} -> ${location}`).toBe(true)
    }
  })

  it('sends the session from a real link to the site, not to a foreign host named in user-info', async () => {
    for (const hostile of [
      'http://127.0.0.1:x@[2606:4700:4700::1111]/',
      'http://localhost:x@16843009/',
    ]) {
      const email = uniqueEmail('redirect')
      const { error } = await anonClient().auth.signInWithOtp({
        email,
        options: { emailRedirectTo: hostile },
      })
      expect(error).toBeNull()
      const link = new URL(linkIn((await latestMail(email))!.text))
      expect(link.searchParams.get('redirect_to')).toBe(SITE)
      link.searchParams.set('redirect_to', hostile)
      const res = await fetch(link, { redirect: 'manual' })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:5173#access_token=/)
    }
  })
})
