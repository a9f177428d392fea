import { describe, expect, it } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { i18n, LOCALE_STORAGE_KEY, detectLocale } from '@/i18n'
import { renderWithApp } from '@/testing/render'
import LanguageSwitch from './LanguageSwitch.vue'

describe('LanguageSwitch', () => {
  it('loads Arabic only when chosen, then sets html lang and dir and remembers it', async () => {
    expect(i18n.global.availableLocales).not.toContain('ar')
    await renderWithApp(LanguageSwitch)

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Taal' }), 'ar')

    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'))
    expect(document.documentElement.lang).toBe('ar')
    expect(i18n.global.availableLocales).toContain('ar')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ar')
    expect(screen.getByRole('combobox', { name: 'اللغة' })).toBeTruthy()
  })

  it('goes back to left-to-right for Polish', async () => {
    await renderWithApp(LanguageSwitch)
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Taal' }), 'pl')
    await waitFor(() => expect(document.documentElement.lang).toBe('pl'))
    expect(document.documentElement.dir).toBe('ltr')
  })

  it('uses the stored choice first, then the browser languages, then Dutch', () => {
    expect(detectLocale('tr', ['en-GB'])).toBe('tr')
    expect(detectLocale(null, ['de-DE', 'pl-PL'])).toBe('pl')
    expect(detectLocale(null, ['fr'])).toBe('nl')
  })

  it('uses the Polish and Arabic plural forms', async () => {
    const { setLocale } = await import('@/i18n')
    await setLocale('pl')
    const t = i18n.global.t
    expect(t('ideas.votes', { n: 1 }, 1)).toBe('1 głos')
    expect(t('ideas.votes', { n: 3 }, 3)).toBe('3 głosy')
    expect(t('ideas.votes', { n: 5 }, 5)).toBe('5 głosów')
    await setLocale('ar')
    expect(t('ideas.votes', { n: 2 }, 2)).toBe('صوتان')
    expect(t('ideas.votes', { n: 11 }, 11)).toBe('11 صوتًا')
  })
})
