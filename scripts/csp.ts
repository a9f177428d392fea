// The Content-Security-Policy of the built app. The build puts it in a <meta> tag so that even a
// plain static host sends it; docs/security-headers.md lists the same policy as HTTP headers,
// which a host should send as well (frame-ancestors only works as a header).
import type { Plugin } from 'vite'

/** PDOK, the Dutch government's basemap: the only third party the app may contact. */
export const MAP_TILE_ORIGIN = 'https://service.pdok.nl'

export function contentSecurityPolicy(supabaseUrl: string): string {
  const api = new URL(supabaseUrl)
  const ws = `${api.protocol === 'https:' ? 'wss:' : 'ws:'}//${api.host}`
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Vue's :style bindings and Leaflet set style attributes; style elements stay self-only.
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    // The API origin serves idea photos from Storage (signed URLs under /storage/v1).
    `img-src 'self' data: blob: ${MAP_TILE_ORIGIN} ${api.origin}`,
    "font-src 'self'",
    `connect-src 'self' ${api.origin} ${ws}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ].join('; ')
}

export function cspPlugin(supabaseUrl: string): Plugin {
  return {
    name: 'emmer-csp',
    apply: 'build',
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: contentSecurityPolicy(supabaseUrl),
          },
          injectTo: 'head-prepend',
        },
        // Every page asks the API for data right after the app starts: open the connection while
        // the scripts still download. supabase-js fetches without credentials, hence anonymous.
        {
          tag: 'link',
          attrs: { rel: 'preconnect', href: new URL(supabaseUrl).origin, crossorigin: 'anonymous' },
          injectTo: 'head',
        },
      ]
    },
  }
}
