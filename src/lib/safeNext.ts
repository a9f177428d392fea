/**
 * Where to go after signing in, taken from `?next=`: only a path inside this app. Anything that
 * could leave the site is refused, so a link someone sends cannot use our sign-in page to send
 * people to another site (an open redirect). Returns null when the value is not safe.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null
  // A path, not a URL: "/idee/1" yes; "https://…", "//evil.example", "/\evil.example" no.
  if (!value.startsWith('/') || value.startsWith('//')) return null
  // Browsers treat "\" as "/" and drop tabs and newlines inside URLs: "/\t/evil" is "//evil".
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null
  // Resolved against a stand-in origin, a same-site path keeps that origin.
  const base = 'http://emmer.invalid'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return null
  }
  if (url.origin !== base) return null
  // Back to the sign-in page itself would be a loop.
  if (url.pathname === '/inloggen') return null
  return value
}
