import { onBeforeUnmount, watch } from 'vue'
import { subscribeBuurtCards, type BuurtMessage } from '@/api/realtime'
import { useConnectionBanner } from './useLive'

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
  const banner = useConnectionBanner()
  let lost = false
  let stop: (() => void) | undefined
  watch(
    () => topics().join(' '),
    (joined) => {
      stop?.()
      stop = undefined
      if (!joined) return
      stop = subscribeBuurtCards(joined.split(' '), onMessage, (state) => {
        banner.onState(state)
        if (state === 'lost') lost = true
        else if (state === 'live' && lost) {
          lost = false
          banner.onBack(catchUp)()
        }
      })
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stop?.())
}
