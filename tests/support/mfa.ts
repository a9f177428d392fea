// The second factor in tests: TOTP codes from a known secret, and the demo admin's factor from
// supabase/seed/demo.sql. Auth accepts a code once per factor, so helpers pick a time step that
// factor has not used yet (from the local stack's auth.mfa_totp_last_step), waiting for the clock
// to reach one when both steps in the window are used.
import type { SupabaseClient } from '@supabase/supabase-js'
import { Secret, TOTP } from 'otpauth'
import { anonClient, sql } from './clients.ts'

export const DEMO_ADMIN = {
  email: 'beheer@emmer.local',
  password: 'emmer-demo-2026',
  factorId: 'f0000000-0000-4000-8000-000000000001',
  /** Also in supabase/seed-accounts.md and scripts/demo-code.ts. */
  secret: 'EMMERDEMOBEHEERTWEEDESTAPGEHEIMA',
}

const PERIOD = 30

export function totpAt(secret: string, step: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: PERIOD })
  return totp.generate({ timestamp: step * PERIOD * 1000 })
}

const currentStep = () => Math.floor(Date.now() / 1000 / PERIOD)

/** A code for the current or next step that this factor has not used yet. */
export async function unusedCode(factorId: string, secret: string): Promise<string> {
  for (;;) {
    const [row] = await sql<{ step: string }>(
      'select step from auth.mfa_totp_last_step where factor_id = $1',
      [factorId],
    )
    const last = row ? Number(row.step) : -Infinity
    const now = currentStep()
    const step = [now, now + 1].find((s) => s > last)
    if (step !== undefined) return totpAt(secret, step)
    // Both steps in the window are used: wait for the clock to move on to the next step.
    while (currentStep() === now) await new Promise((r) => setTimeout(r, 200))
  }
}

/** Raises a signed-in client's session to aal2 with the factor's next unused code. */
export async function verifyFactor(client: SupabaseClient, factorId: string, secret: string) {
  for (let attempt = 0; ; attempt++) {
    const code = await unusedCode(factorId, secret)
    const { data, error } = await client.auth.mfa.challengeAndVerify({ factorId, code })
    if (!error) return data
    // Another test took the same step between our read and our verify: take the next one.
    if (error.code !== 'mfa_verification_failed' || attempt >= 3) throw error
  }
}

/** The demo admin, signed in with password and TOTP: a session at aal2. */
export async function demoAdminSession() {
  const client = anonClient()
  const { error } = await client.auth.signInWithPassword({
    email: DEMO_ADMIN.email,
    password: DEMO_ADMIN.password,
  })
  if (error) throw error
  await verifyFactor(client, DEMO_ADMIN.factorId, DEMO_ADMIN.secret)
  const session = (await client.auth.getSession()).data.session
  if (!session) throw new Error('no session after TOTP')
  return { client, session }
}
