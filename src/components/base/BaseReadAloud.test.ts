import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { setLocale } from '@/i18n'
import { renderWithApp } from '@/testing/render'
import BaseReadAloud from './BaseReadAloud.vue'

// The speech engine is the browser's, outside Emmer (and absent in happy-dom): a recording
// stand-in with the same surface shows what Emmer asks it to say, in which voice.
class FakeUtterance {
  lang = ''
  voice: SpeechSynthesisVoice | null = null
  onend: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(public text: string) {}
}
class FakeSynthesis extends EventTarget {
  voices: Partial<SpeechSynthesisVoice>[] = []
  calls: string[] = []
  spoken: FakeUtterance[] = []
  getVoices() {
    return this.voices
  }
  speak(u: FakeUtterance) {
    this.calls.push('speak')
    this.spoken.push(u)
  }
  pause() {
    this.calls.push('pause')
  }
  resume() {
    this.calls.push('resume')
  }
  cancel() {
    this.calls.push('cancel')
  }
}

const NL = { name: 'Dutch', lang: 'nl-NL', default: false, localService: true }
const AR = { name: 'Arabic', lang: 'ar-SA', default: false, localService: true }
const EN = { name: 'English', lang: 'en-GB', default: true, localService: true }
let synth: FakeSynthesis

beforeEach(() => {
  synth = new FakeSynthesis()
  vi.stubGlobal('speechSynthesis', synth)
  vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance)
})
afterEach(() => vi.unstubAllGlobals())

describe('BaseReadAloud', () => {
  it('is absent while the browser has no voice for the page language, and appears when one loads', async () => {
    synth.voices = [EN]
    await renderWithApp(BaseReadAloud, { props: { text: 'Een bankje.', what: 'het idee' } })
    expect(screen.queryByRole('button')).toBeNull()
    synth.voices = [EN, NL]
    synth.dispatchEvent(new Event('voiceschanged'))
    expect(await screen.findByRole('button', { name: 'Lees voor: het idee' })).toBeTruthy()
  })

  it('reads the text in a Dutch voice, pauses, goes on and stops', async () => {
    synth.voices = [EN, NL]
    await renderWithApp(BaseReadAloud, { props: { text: 'Een bankje.', what: 'het idee' } })
    await userEvent.click(screen.getByRole('button', { name: /^Lees voor/ }))
    expect(synth.spoken.map((u) => [u.text, u.lang, u.voice?.name])).toEqual([
      ['Een bankje.', 'nl-NL', 'Dutch'],
    ])
    const pause = screen.getByRole('button', { name: 'Pauze' })
    await waitFor(() => expect(document.activeElement).toBe(pause))
    await userEvent.click(pause)
    await userEvent.click(screen.getByRole('button', { name: 'Lees verder' }))
    await userEvent.click(screen.getByRole('button', { name: 'Stop met voorlezen' }))
    expect(synth.calls).toEqual(['cancel', 'speak', 'pause', 'resume', 'cancel'])
    const again = screen.getByRole('button', { name: /^Lees voor/ })
    await waitFor(() => expect(document.activeElement).toBe(again))
  })

  it('shows "Lees voor" again when the voice has finished', async () => {
    synth.voices = [NL]
    await renderWithApp(BaseReadAloud, { props: { text: () => 'Later bekend.', what: 'x' } })
    await userEvent.click(screen.getByRole('button', { name: /^Lees voor/ }))
    expect(synth.spoken[0].text).toBe('Later bekend.')
    synth.spoken[0].onend?.()
    expect(await screen.findByRole('button', { name: /^Lees voor/ })).toBeTruthy()
  })

  it('reads Arabic pages with an Arabic voice, and is absent in Arabic without one', async () => {
    synth.voices = [NL]
    await renderWithApp(BaseReadAloud, { props: { text: 'فكرة', what: 'الفكرة' } })
    await setLocale('ar', false)
    await waitFor(() => expect(screen.queryByRole('button')).toBeNull())
    synth.voices = [NL, AR]
    synth.dispatchEvent(new Event('voiceschanged'))
    await userEvent.click(await screen.findByRole('button', { name: /^اقرأ بصوت عالٍ/ }))
    expect(synth.spoken.map((u) => [u.text, u.lang])).toEqual([['فكرة', 'ar-SA']])
  })
})
