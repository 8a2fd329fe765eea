/**
 * An RFC 5545 calendar holding one event, written by hand: one event of a dozen properties
 * needs only escaping, folding and UTC times, and the iCalendar generators on npm bring a schema
 * library or a date library along into both the browser and Deno bundles.
 *
 * No METHOD: METHOD:CANCEL (and REQUEST) are iTIP messages from an organizer to attendees
 * (RFC 5546 §3.2, ORGANIZER and ATTENDEE required), and METHOD:PUBLISH requires an ORGANIZER
 * too; a downloaded file is neither, so it is a plain calendar object. A change (a reschedule,
 * a cancellation) reaches calendar apps as the same UID with a higher SEQUENCE, a cancellation as
 * STATUS:CANCELLED.
 */
export const CALENDAR_EVENT_STATUSES = ['CONFIRMED', 'TENTATIVE', 'CANCELLED'] as const
export type CalendarEventStatus = (typeof CALENDAR_EVENT_STATUSES)[number]

export interface CalendarEvent {
  /** Stays the same for every version of the event, so an import updates it. */
  uid: string
  /** Grows with every change to the event. */
  sequence: number
  /** When this calendar was written. */
  stamp: Date
  start: Date
  end: Date
  summary: string
  description: string
  url: string
  status: CalendarEventStatus
  /** The reader's IANA zone, which calendar apps that know X-WR-TIMEZONE show the times in. */
  timeZone: string | null
}

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8'
const PRODUCT_ID = '-//Presence//Session invite//EN'
const MAX_LINE_OCTETS = 75
const CRLF = '\r\n'

/** `20300501T091000Z`: DATE-TIME in UTC (RFC 5545 §3.3.5, form 2), to the second. */
export function formatUtcDateTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break as
 * `\n`. Other control characters are not allowed in TEXT at all and are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/[\\;,]/g, (char) => `\\${char}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, '')
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): each continuation starts with one space,
 * which counts towards its 75. Breaks fall between code points, so a UTF-8 sequence (or a
 * surrogate pair) is never split.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const lines: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current)
      current = ' '
      octets = 1
    }
    current += char
    octets += size
  }
  lines.push(current)
  return lines.join(CRLF)
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The whole file: VCALENDAR with the one VEVENT, folded, CRLF line ends. */
export function renderCalendar(event: CalendarEvent): string {
  const timeZone = event.timeZone && isTimeZone(event.timeZone) ? event.timeZone : null
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    ...(timeZone ? [`X-WR-TIMEZONE:${escapeText(timeZone)}`] : []),
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${formatUtcDateTime(event.stamp)}`,
    `DTSTART:${formatUtcDateTime(event.start)}`,
    `DTEND:${formatUtcDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `URL:${event.url}`,
    `STATUS:${event.status}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join(CRLF) + CRLF
}
