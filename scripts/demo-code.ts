// Prints the current 6-digit code of the demo admin's second factor (beheer@emmer.local), from the
// secret in supabase/seed-accounts.md: for trying the demo without an authenticator app.
import { Secret, TOTP } from 'otpauth'

const DEMO_ADMIN_TOTP_SECRET = 'EMMERDEMOBEHEERTWEEDESTAPGEHEIMA'

const totp = new TOTP({ secret: Secret.fromBase32(DEMO_ADMIN_TOTP_SECRET), digits: 6, period: 30 })
const left = 30 - (Math.floor(Date.now() / 1000) % 30)
console.log(`${totp.generate()}  (beheer@emmer.local, still ${left} s)`)
