// The app's own texts (src/i18n/locales), so a mail says what the app says, in the person's
// language; and the HTML around them, with lang and dir (Arabic right to left). The relative
// JSON imports are uploaded with the function by `supabase functions deploy`.
import nl from '../../../src/i18n/locales/nl.json' with { type: 'json' }
import en from '../../../src/i18n/locales/en.json' with { type: 'json' }
import tr from '../../../src/i18n/locales/tr.json' with { type: 'json' }
import ar from '../../../src/i18n/locales/ar.json' with { type: 'json' }
import pl from '../../../src/i18n/locales/pl.json' with { type: 'json' }

export const LOCALES = ['nl', 'en', 'tr', 'ar', 'pl'] as const
export type Locale = (typeof LOCALES)[number]
const MESSAGES: Record<Locale, unknown> = { nl, en, tr, ar, pl }

export function asLocale(value: unknown): Locale {
  return LOCALES.includes(value as Locale) ? (value as Locale) : 'nl'
}

/** A text by its key, with {name} values filled in; Dutch when the language lacks it. */
export function text(
  locale: Locale,
  path: string,
  values: Record<string, string | number> = {},
): string {
  const found = path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      MESSAGES[locale],
    )
  if (typeof found !== 'string') {
    if (locale !== 'nl') return text('nl', path, values)
    throw new Error(`No text for ${path}`)
  }
  return found.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

/** One block of a mail: a paragraph, a list of items, or a link with its words. */
export type Block =
  | { p: string }
  | { items: { text: string; detail?: string; href?: string }[] }
  | { link: string; label: string }

/** The last line of every mail: the app and the area it serves. */
export function signature(area: string): Block {
  return { p: area ? `Emmer · ${area}` : 'Emmer' }
}

/** The same mail as plain text and as HTML (lang, dir, one column, readable at 200 %). */
export function render(locale: Locale, subject: string, blocks: Block[]) {
  const dir = locale === 'ar' ? 'rtl' : 'ltr'
  const plain: string[] = []
  const html: string[] = []
  for (const b of blocks) {
    if ('p' in b) {
      plain.push(b.p, '')
      html.push(`<p>${escapeHtml(b.p)}</p>`)
    } else if ('items' in b) {
      for (const item of b.items) {
        plain.push(
          `- ${item.text}` +
            (item.detail ? `\n  ${item.detail}` : '') +
            (item.href ? `\n  ${item.href}` : ''),
        )
      }
      plain.push('')
      html.push(
        '<ul>' +
          b.items
            .map(
              (item) =>
                '<li>' +
                (item.href
                  ? `<a href="${escapeHtml(item.href)}" style="color: #0b57d0">${escapeHtml(item.text)}</a>`
                  : escapeHtml(item.text)) +
                (item.detail ? `<br />${escapeHtml(item.detail)}` : '') +
                '</li>',
            )
            .join('') +
          '</ul>',
      )
    } else {
      plain.push(b.label, b.link, '')
      html.push(
        `<p>${escapeHtml(b.label)}<br /><a href="${escapeHtml(b.link)}" style="color: #0b57d0">${escapeHtml(b.link)}</a></p>`,
      )
    }
  }
  return {
    subject,
    text: plain.join('\n').trimEnd(),
    html:
      `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8" />` +
      `<meta name="viewport" content="width=device-width, initial-scale=1" />` +
      `<title>${escapeHtml(subject)}</title></head>` +
      `<body style="margin: 0; padding: 24px; background: #ffffff; color: #1a1a1a; ` +
      `font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; ` +
      // Long links wrap instead of widening the mail on a phone.
      `overflow-wrap: anywhere">` +
      `<main>${html.join('')}</main></body></html>`,
  }
}

const DATE_LOCALES: Record<Locale, string> = {
  nl: 'nl-NL',
  en: 'en-GB',
  tr: 'tr-TR',
  ar: 'ar',
  pl: 'pl-PL',
}

/** When an event is, in the person's language and in Dutch time (Europe/Amsterdam). */
export function eventTime(l: Locale, start: Date, end: Date): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[l], {
    timeZone: 'Europe/Amsterdam',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).formatRange(start, end)
}
