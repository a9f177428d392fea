// The agenda in people's own calendars: an .ics file for one event (the event page) and the link
// to a buurt's iCal feed (the Edge Function agenda-ical) to subscribe to from /agenda.
import { useI18n } from 'vue-i18n'
import type { AgendaEvent } from '@/api/agenda'
import { supabaseUrl } from '@/api/supabase'
import { calendar, sequenceOf } from '@/lib/ical'

/** The event's page, the link in the calendar entry. */
export function eventPageUrl(id: string, origin = window.location.origin): string {
  return `${origin}/agenda/${id}`
}

/** The https address of a buurt's feed, in the reader's language. */
export function agendaFeedUrl(slug: string, locale: string): string {
  const url = new URL(`${supabaseUrl.replace(/\/$/, '')}/functions/v1/agenda-ical`)
  url.searchParams.set('buurt', slug)
  if (locale !== 'nl') url.searchParams.set('lang', locale)
  return url.toString()
}

/** The same address as webcal://, which opens the calendar app's "subscribe" on most devices. */
export function webcalUrl(httpUrl: string): string {
  return httpUrl.replace(/^https?:\/\//, 'webcal://')
}

/** A file name from the title: letters and digits, dashes between. */
export function icsFileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return `${base || 'activiteit'}.ics`
}

export function useAgendaCalendar() {
  const { t } = useI18n()

  /**
   * One event as an .ics text. The location is the public meeting point; only someone with a
   * place (`privateAddress`, which the database gives them alone) gets the exact address.
   */
  function eventIcs(
    event: Pick<
      AgendaEvent,
      | 'id'
      | 'title'
      | 'description'
      | 'starts_at'
      | 'ends_at'
      | 'place'
      | 'cancelled_at'
      | 'created_at'
      | 'changed_at'
    >,
    privateAddress: string | null = null,
  ): string {
    const url = eventPageUrl(event.id)
    return calendar(
      [
        {
          uid: `event-${event.id}@emmer`,
          start: event.starts_at,
          end: event.ends_at,
          summary: event.cancelled_at
            ? t('calendar.cancelledTitle', { title: event.title })
            : event.title,
          description: `${event.description}\n\n${t('calendar.moreInfo', { url })}`,
          location: privateAddress ? `${privateAddress} (${event.place})` : event.place,
          url,
          cancelled: !!event.cancelled_at,
          sequence: sequenceOf(event.created_at, event.changed_at),
          created: event.created_at,
        },
      ],
      { method: 'PUBLISH' },
    )
  }

  /** A link's href that downloads the text as a file (no object URL to clean up). */
  function icsHref(ics: string): string {
    return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`
  }

  return { eventIcs, icsHref, icsFileName, agendaFeedUrl, webcalUrl }
}
