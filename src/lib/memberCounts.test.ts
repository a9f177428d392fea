import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { pluralRules } from '@/i18n'
import ar from '@/i18n/locales/ar.json'
import en from '@/i18n/locales/en.json'
import nl from '@/i18n/locales/nl.json'
import pl from '@/i18n/locales/pl.json'
import tr from '@/i18n/locales/tr.json'
import { memberCounts } from './memberCounts'

function membersIn(locale: string, residents: number, partners: number): string {
  const i18n = createI18n({
    legacy: false,
    locale,
    messages: { nl, en, tr, ar, pl },
    pluralRules,
  })
  const t = i18n.global.t as unknown as (key: string, arg?: unknown) => string
  return t('coalitions.members', memberCounts(t, residents, partners))
}

describe('memberCounts', () => {
  it('says one resident and one organisation in the singular, in Dutch and English', () => {
    expect(membersIn('nl', 1, 1)).toBe('1 bewoner en 1 organisatie')
    expect(membersIn('nl', 0, 2)).toBe('0 bewoners en 2 organisaties')
    expect(membersIn('en', 1, 3)).toBe('1 resident and 3 organisations')
  })

  it('takes the Polish forms for 1, 2–4 and 5 or more', () => {
    expect(membersIn('pl', 1, 1)).toBe('1 mieszkaniec i 1 organizacja')
    expect(membersIn('pl', 3, 2)).toBe('3 mieszkańcy i 2 organizacje')
    expect(membersIn('pl', 5, 12)).toBe('5 mieszkańców i 12 organizacji')
  })

  it('keeps Turkish and Arabic in the form that fits every number', () => {
    expect(membersIn('tr', 2, 1)).toBe('2 sakin ve 1 kuruluş')
    expect(membersIn('ar', 2, 1)).toBe('السكان: 2، المنظمات: 1')
  })
})
