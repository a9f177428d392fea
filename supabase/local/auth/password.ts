// Password rules, with GoTrue's errors: too long is a validation error, too short a weak password.
import type { AuthConfig } from './config.ts'
import { unprocessable, validationFailed } from './errors.ts'

export function assertPasswordAllowed(cfg: AuthConfig, password: string) {
  if (Buffer.byteLength(password, 'utf8') > cfg.maxPasswordLength) {
    throw validationFailed(`Password cannot be longer than ${cfg.maxPasswordLength} characters`)
  }
  if ([...password].length < cfg.minPasswordLength) {
    throw unprocessable(
      'weak_password',
      `Password should be at least ${cfg.minPasswordLength} characters.`,
      {
        weak_password: { reasons: ['length'] },
      },
    )
  }
}
