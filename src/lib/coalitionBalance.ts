import type { MemberKind } from '@/api/types'
import { DEFAULT_RULES } from '@/lib/appConfig'

/**
 * The rule of the minutes: never more partner members than resident members in a coalition. Team
 * members count on neither side. (The database also leaves out residents whose e-mail address is
 * not confirmed; they cannot join, so a preview rarely differs.)
 */
export interface Balance {
  residents: number
  partners: number
  ok: boolean
}

/**
 * `perResident` is the database's rule (app_config().rules.coalition_max_partners_per_resident,
 * 1 today; tests/db/app-config.test.ts checks the default against it).
 */
export function balanceOf(
  kinds: readonly MemberKind[],
  perResident = DEFAULT_RULES.coalition_max_partners_per_resident,
): Balance {
  const partners = kinds.filter((k) => k === 'partner').length
  const residents = kinds.filter((k) => k === 'resident').length
  return { residents, partners, ok: partners <= residents * perResident }
}

/** The balance after adding or removing one member, to show before saving. */
export function balanceAfter(
  kinds: readonly MemberKind[],
  change: { add?: MemberKind; remove?: MemberKind },
  perResident = DEFAULT_RULES.coalition_max_partners_per_resident,
): Balance {
  const next = [...kinds]
  if (change.remove) next.splice(next.indexOf(change.remove), 1)
  if (change.add) next.push(change.add)
  return balanceOf(next, perResident)
}
