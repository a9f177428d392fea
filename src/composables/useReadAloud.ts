import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export type ReadAloudState = 'idle' | 'speaking' | 'paused'

/** The first voice for `lang` ("nl", "ar"): the browser's default among them, else a local one. */
export function voiceFor(
  voices: SpeechSynthesisVoice[],
  lang: string,
): SpeechSynthesisVoice | null {
  const base = lang.toLowerCase().split('-')[0]
  const matching = voices.filter(
    (v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === base,
  )
  return (
    matching.find((v) => v.default) ?? matching.find((v) => v.localService) ?? matching[0] ?? null
  )
}

/**
 * Reads a text aloud with the browser's own speech synthesis, in the page's language. `voice` is
 * null while the browser has no voice for that language (voices load late: `voiceschanged`);
 * the button that uses this is then not shown at all.
 */
export function useReadAloud(lang: Ref<string>) {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined
  const voices = ref<SpeechSynthesisVoice[]>([])
  const state = ref<ReadAloudState>('idle')
  let current: SpeechSynthesisUtterance | null = null

  const loadVoices = () => (voices.value = synth?.getVoices() ?? [])
  onMounted(() => {
    loadVoices()
    synth?.addEventListener?.('voiceschanged', loadVoices)
  })

  function voice(): SpeechSynthesisVoice | null {
    return voiceFor(voices.value, lang.value)
  }

  function start(text: string) {
    const chosen = voice()
    if (!synth || !chosen || !text.trim()) return
    // One reader at a time: another "Lees voor" on the page stops this one.
    synth.cancel()
    const utterance = new SpeechSynthesisUtterance(text)
    utterance.voice = chosen
    utterance.lang = chosen.lang
    const done = () => {
      if (current === utterance) {
        current = null
        state.value = 'idle'
      }
    }
    utterance.onend = done
    utterance.onerror = done
    current = utterance
    state.value = 'speaking'
    synth.speak(utterance)
  }

  function pause() {
    synth?.pause()
    state.value = 'paused'
  }
  function resume() {
    synth?.resume()
    state.value = 'speaking'
  }
  function stop() {
    current = null
    synth?.cancel()
    state.value = 'idle'
  }

  onBeforeUnmount(() => {
    synth?.removeEventListener?.('voiceschanged', loadVoices)
    if (current) stop()
  })

  return { voices, voice, state, start, pause, resume, stop }
}
