import type { MemberKind } from '@/api/types'

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

export function balanceOf(kinds: readonly MemberKind[]): Balance {
  const partners = kinds.filter((k) => k === 'partner').length
  const residents = kinds.filter((k) => k === 'resident').length
  return { residents, partners, ok: partners <= residents }
}

/** The balance after adding or removing one member, to show before saving. */
export function balanceAfter(
  kinds: readonly MemberKind[],
  change: { add?: MemberKind; remove?: MemberKind },
): Balance {
  const next = [...kinds]
  if (change.remove) next.splice(next.indexOf(change.remove), 1)
  if (change.add) next.push(change.add)
  return balanceOf(next)
}
