import { onBeforeUnmount, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { subscribeBuurtCards, type BuurtMessage } from '@/api/realtime'
import { useAnnouncerStore } from '@/stores/announcer'

/**
 * The live list's cards, by broadcast from the database on the buurt topics `topics()` gives
 * (re-joined when they change). Like useLive: the calm banner while the connection is gone, and
 * `catchUp` after it returns, because cards sent meanwhile were never received.
 */
export function useLiveCards(
  topics: () => string[],
  onMessage: (message: BuurtMessage) => void,
  catchUp: () => void,
) {
  const announcer = useAnnouncerStore()
  const { t } = useI18n()
  let lost = false
  let stop: (() => void) | undefined
  watch(
    () => topics().join(' '),
    (joined) => {
      stop?.()
      stop = undefined
      if (!joined) return
      stop = subscribeBuurtCards(joined.split(' '), onMessage, (state) => {
        if (state === 'lost') {
          lost = true
          announcer.setConnection('lost')
        } else if (state === 'live') {
          announcer.setConnection('live')
          if (lost) {
            lost = false
            announcer.announce(t('live.back'))
            catchUp()
          }
        }
      })
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stop?.())
}
