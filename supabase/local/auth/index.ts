// The local Auth server: a GoTrue-compatible API for what @supabase/auth-js 2.109 calls.
// Contract: ../shared/protocols/auth.md. Users live in auth.* with Supabase's column names.
import type { AuthOptions, HttpService } from '../types.ts'
import { createApp, type App } from './app.ts'
import { AuthError, OAuthError } from './errors.ts'
import { createCtx, sendError, type Ctx } from './http.ts'
import { signup, token } from './routes/account.ts'
import { admin } from './routes/admin.ts'
import { factors } from './routes/factors.ts'
import { health, jwks, settings } from './routes/meta.ts'
import { otp, recover, resend, verifyGet, verifyPost } from './routes/otp.ts'
import { getUser, logout, putUser } from './routes/user.ts'
import { identities, invite, reauthenticate } from './routes/invite.ts'

type Handler = (app: App, ctx: Ctx) => unknown

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/health': { GET: health },
  '/settings': { GET: settings },
  '/.well-known/jwks.json': { GET: jwks },
  '/signup': { POST: signup },
  '/token': { POST: token },
  '/otp': { POST: otp },
  '/magiclink': { POST: otp },
  '/verify': { GET: verifyGet, POST: verifyPost },
  '/recover': { POST: recover },
  '/resend': { POST: resend },
  '/user': { GET: getUser, PUT: putUser },
  '/logout': { POST: logout },
  '/invite': { POST: invite },
  '/reauthenticate': { GET: reauthenticate },
  '/user/identities/authorize': { GET: identities },
}

export function createAuth(opts: AuthOptions): HttpService {
  const app = createApp(opts)
  return {
    async handle(req, res, path, url) {
      const ctx = createCtx(req, res, path, url)
      try {
        const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path
        if (normalized.startsWith('/admin/')) {
          await admin(app, { ...ctx, path: normalized })
          return
        }
        if (normalized === '/factors' || normalized.startsWith('/factors/')) {
          await factors(app, { ...ctx, path: normalized })
          return
        }
        if (
          /^\/user\/identities\/[^/]+$/.test(normalized) &&
          normalized !== '/user/identities/authorize'
        ) {
          if (req.method !== 'DELETE')
            throw new AuthError(405, 'method_not_allowed', 'Method Not Allowed')
          await identities(app, ctx)
          return
        }
        const route = ROUTES[normalized]
        if (!route) throw new AuthError(404, 'not_found', 'Unsupported path')
        const handler =
          route[req.method ?? 'GET'] ?? (req.method === 'HEAD' ? route.GET : undefined)
        if (!handler) {
          return ctx.json(
            405,
            ctx.modernApi
              ? { code: 'method_not_allowed', message: 'Method Not Allowed' }
              : { code: 405, error_code: 'method_not_allowed', msg: 'Method Not Allowed' },
            { allow: Object.keys(route).join(', ') },
          )
        }
        await handler(app, ctx)
      } catch (e) {
        if (e instanceof AuthError || e instanceof OAuthError) return sendError(ctx, e)
        // Postgres "data exception" (class 22), e.g. a \u0000 in metadata: the input's fault.
        if (/^22/.test(String((e as { code?: unknown }).code ?? ''))) {
          return sendError(
            ctx,
            new AuthError(
              400,
              'validation_failed',
              'The request contains data that cannot be stored',
            ),
          )
        }
        opts.log(`${req.method} ${path}: ${(e as Error).stack ?? e}`)
        sendError(
          ctx,
          new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs'),
        )
      }
    },
  }
}
