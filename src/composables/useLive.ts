import { onBeforeUnmount } from 'vue'
import { useI18n } from 'vue-i18n'
import { subscribeChanges, type ChangeSpec } from '@/api/realtime'
import { useAnnouncerStore } from '@/stores/announcer'

/**
 * One realtime channel for the page. Shows the calm banner while the connection is gone and
 * calls `catchUp` after it returns, because changes made meanwhile were never sent.
 */
export function useLive(name: string, specs: ChangeSpec[], catchUp: () => void) {
  const announcer = useAnnouncerStore()
  const { t } = useI18n()
  const stop = subscribeChanges(
    name,
    specs,
    (state) => {
      if (state !== 'connecting') announcer.setConnection(state)
    },
    () => {
      announcer.announce(t('live.back'))
      catchUp()
    },
  )
  onBeforeUnmount(stop)
  return { stop }
}
