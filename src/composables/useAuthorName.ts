import { useI18n } from 'vue-i18n'
import type { IdeaChannel } from '@/api/types'
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

/**
 * The line under an idea that says who brought it in: "Door Sanne", or for an idea the team wrote
 * down from a post-it, a meeting or a phone call, "Opgeschreven door het team (op papier)".
 * `name` is the formatted author name ('' while it is still loading: then the line is empty).
 */
export function useByline() {
  const { t } = useI18n()
  return (channel: IdeaChannel | undefined, name: string): string => {
    if (channel && channel !== 'app') {
      return t('idea.recordedByTeam', { how: t(`idea.channel.${channel}`) })
    }
    return name ? t('idea.author', { name }) : ''
  }
}
