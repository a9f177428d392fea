// Endpoints that describe the server: health, public settings and the JWKS.
import { publishedJwks } from '../../signing.ts'
import type { App } from '../app.ts'
import type { Ctx } from '../http.ts'

export function health(_app: App, ctx: Ctx) {
  ctx.json(200, {
    version: 'v2.180.0-emmer-local',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  })
}

const PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'spotify',
  'slack',
  'slack_oidc',
  'workos',
  'twitch',
  'twitter',
  'zoom',
]

export function settings(app: App, ctx: Ctx) {
  ctx.json(200, {
    external: {
      anonymous_users: app.cfg.enableAnonymousSignIns,
      ...Object.fromEntries(PROVIDERS.map((p) => [p, false])),
      email: true,
      phone: false,
    },
    disable_signup: false,
    mailer_autoconfirm: !app.cfg.confirmations,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  })
}

/**
 * The public halves of the signing keys, as GoTrue serves them (never the HS256 secret): with
 * none, an empty list, and getClaims() asks GET /user instead of verifying locally.
 */
export function jwks(app: App, ctx: Ctx) {
  ctx.json(200, publishedJwks(app.jwt.signingKeys), { 'cache-control': 'public, max-age=600' })
}
