import { onBeforeUnmount } from 'vue'
import { useI18n } from 'vue-i18n'
import { subscribeChanges, type ChangeSpec, type ConnectionState } from '@/api/realtime'
import { useAnnouncerStore } from '@/stores/announcer'

/** What a live channel does when its connection changes: the one reconnect-and-catch-up path. */
export interface ConnectionBanner {
  /** Shows the calm banner while the connection is gone, and hides it when it is back. */
  onState(state: ConnectionState): void
  /** The handler for the connection's return: says so, then `catchUp`, because changes made
   * meanwhile were never sent. */
  onBack(catchUp: () => void): () => void
}

/** The banner and announcement every live channel shares (pages, live cards, the team's queue). */
export function useConnectionBanner(): ConnectionBanner {
  const announcer = useAnnouncerStore()
  const { t } = useI18n()
  return {
    onState(state) {
      if (state !== 'connecting') announcer.setConnection(state)
    },
    onBack(catchUp) {
      return () => {
        announcer.announce(t('live.back'))
        catchUp()
      }
    },
  }
}

/** One realtime channel for the page, closed when the page goes. */
export function useLive(name: string, specs: ChangeSpec[], catchUp: () => void) {
  const banner = useConnectionBanner()
  const stop = subscribeChanges(name, specs, banner.onState, banner.onBack(catchUp))
  onBeforeUnmount(stop)
  return { stop }
}
