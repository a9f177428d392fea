import { useI18n } from 'vue-i18n'
import { useLookupsStore } from '@/stores/lookups'

/**
 * How a person is named under their idea or comment: their display name, with their organisation
 * for partners ("Roy (Woonbedrijf)"), or "Iemand" when they deleted their account.
 */
export function useAuthorName() {
  const { t } = useI18n()
  const lookups = useLookupsStore()
  return (name: string | null | undefined, organisationId: string | null | undefined): string => {
    if (!name) return t('common.anonymous')
    const org = organisationId ? lookups.organisationById.get(organisationId)?.name : undefined
    return org ? `${name} (${org})` : name
  }
}
