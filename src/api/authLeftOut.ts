// Parts of auth-js off the first load. GoTrueClient imports them statically, which put about 7 KB
// of gzipped JS on every first visit: the admin API (loaded on first use below: sign-out calls
// it), passkeys (WebAuthn; Emmer's second factor is TOTP, src/api/mfa.ts) and Sign in with
// Ethereum (Web3), which Emmer does not offer and which are left out. In the production build
// vite.config.ts points GoTrueClient's imports of './GoTrueAdminApi', './lib/webauthn' and
// './lib/web3/ethereum' here. Constructing them works (GoTrueClient does so in its constructor);
// using a left-out one throws an error that says why. The tests and the dev server use auth-js
// exactly as published.

import type RealAdmin from '@supabase/auth-js/dist/module/GoTrueAdminApi.js'
import { AuthRetryableFetchError } from '@supabase/auth-js/dist/module/lib/errors.js'

function leftOut(what: string): never {
  throw new Error(`${what} is left out of Emmer's build (src/api/authLeftOut.ts)`)
}

type AdminArgs = ConstructorParameters<typeof RealAdmin>
let adminLoading: Promise<typeof RealAdmin> | null = null

/**
 * `supabase.auth.admin`, loaded on first use. GoTrueClient itself calls `admin.signOut` when a
 * person signs out (it revokes the refresh token); every other admin call needs the secret key
 * and fails at Auth as it would with the published client. When the chunk cannot load
 * (offline), `signOut` answers the way a failed request does.
 */
export default class GoTrueAdminApi {
  constructor(...args: AdminArgs) {
    return new Proxy(this, {
      get: (_target, prop) => {
        if (typeof prop === 'symbol' || prop === 'then') return undefined
        return async (...callArgs: unknown[]) => {
          let Real: typeof RealAdmin
          try {
            adminLoading ??= import('emmer:auth-admin').then((m) => m.default)
            Real = await adminLoading
          } catch (e) {
            adminLoading = null
            return { data: null, error: new AuthRetryableFetchError((e as Error).message, 0) }
          }
          const real = new Real(...args) as unknown as Record<string, (...a: unknown[]) => unknown>
          return real[prop](...callArgs)
        }
      },
    })
  }
}

/** `supabase.auth.mfa.webauthn`: passkeys are not offered. */
export class WebAuthnApi {
  constructor() {
    return new Proxy(this, {
      get: (target, prop) =>
        prop === 'then' || typeof prop === 'symbol' ? undefined : leftOut('WebAuthn'),
    })
  }
}

export const browserSupportsWebAuthn = (): boolean => false
export const webAuthnAbortService = {
  createNewAbortSignal: (): never => leftOut('WebAuthn'),
  cancelCeremony: (): void => undefined,
}
export const createCredential = (): never => leftOut('WebAuthn')
export const getCredential = (): never => leftOut('WebAuthn')
export const deserializeCredentialCreationOptions = (): never => leftOut('WebAuthn')
export const deserializeCredentialRequestOptions = (): never => leftOut('WebAuthn')
export const serializeCredentialCreationResponse = (): never => leftOut('WebAuthn')
export const serializeCredentialRequestResponse = (): never => leftOut('WebAuthn')

export const createSiweMessage = (): never => leftOut('Web3 sign-in')
export const fromHex = (): never => leftOut('Web3 sign-in')
export const getAddress = (): never => leftOut('Web3 sign-in')
export const toHex = (): never => leftOut('Web3 sign-in')
