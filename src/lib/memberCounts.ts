/**
 * The two sides of a coalition in words ("1 bewoner", "2 organisaties"), each in the plural form
 * its own number needs, for `coalitions.members` and `moderation.coalitions.balance`.
 */
export function memberCounts(
  t: (key: string, plural: number) => string,
  residents: number,
  partners: number,
): { residents: string; partners: string } {
  return {
    residents: t('coalitions.residentCount', residents),
    partners: t('coalitions.partnerCount', partners),
  }
}
