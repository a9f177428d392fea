/** The rule of the minutes: never more partner members than resident members in a coalition. */
export interface Balance {
  residents: number
  partners: number
  ok: boolean
}

export function balanceOf(kinds: readonly ('resident' | 'partner')[]): Balance {
  const partners = kinds.filter((k) => k === 'partner').length
  const residents = kinds.length - partners
  return { residents, partners, ok: partners <= residents }
}

/** The balance after adding or removing one member, to show before saving. */
export function balanceAfter(
  kinds: readonly ('resident' | 'partner')[],
  change: { add?: 'resident' | 'partner'; remove?: 'resident' | 'partner' },
): Balance {
  const next = [...kinds]
  if (change.remove) next.splice(next.indexOf(change.remove), 1)
  if (change.add) next.push(change.add)
  return balanceOf(next)
}
