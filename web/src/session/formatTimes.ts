/** Session times in the viewer's own time zone, and countdowns. */

export interface ZoneOptions {
  /** IANA zone; defaults to the browser's. */
  timeZone?: string
  /** BCP 47 locale; defaults to the browser's. */
  locale?: string
}

function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** The zone's offset at `at` ("GMT+11:00"): two instants with the same one read on one clock. */
function offsetAt(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? ''
}

/**
 * "Tuesday 3 March 2026, 10:00 – 10:30 am" (the locale decides the shape). A range a DST change
 * falls inside gives each end its own zone ("Sunday 4 April 2027, 2:30 am AEDT – 2:00 am AEST"),
 * so the end never reads as before the start on one clock.
 */
export function formatSessionRange(start: string, end: string, options: ZoneOptions = {}): string {
  const timeZone = options.timeZone ?? viewerTimeZone()
  const from = new Date(start)
  const to = new Date(end)
  if (offsetAt(from, timeZone) === offsetAt(to, timeZone)) {
    return new Intl.DateTimeFormat(options.locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).formatRange(from, to)
  }
  const day = new Intl.DateTimeFormat(options.locale, { dateStyle: 'full', timeZone })
  const time = new Intl.DateTimeFormat(options.locale, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone })
  const endText = day.format(from) === day.format(to) ? time.format(to) : `${day.format(to)}, ${time.format(to)}`
  return `${day.format(from)}, ${time.format(from)} – ${endText}`
}

/** "Tue 3 Mar, 10:00 am": short enough for a card. */
export function formatSessionStart(start: string, options: ZoneOptions = {}): string {
  const format = new Intl.DateTimeFormat(options.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: options.timeZone ?? viewerTimeZone(),
  })
  return format.format(new Date(start))
}

/**
 * "Australia/Sydney (Australian Eastern Daylight Time)": the zone id and its name at `at`. Given
 * `until` (a range's end) on the other side of a DST change, both names: "… (Australian Eastern
 * Daylight Time, then Australian Eastern Standard Time)", as the range itself shows both offsets.
 */
export function describeTimeZone(at: string, options: ZoneOptions = {}, until?: string): string {
  const timeZone = options.timeZone ?? viewerTimeZone()
  const nameAt = (instant: string) =>
    new Intl.DateTimeFormat(options.locale, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value
  const names = [...new Set([nameAt(at), until === undefined ? undefined : nameAt(until)])].filter((name): name is string => !!name && name !== timeZone)
  return names.length > 0 ? `${timeZone} (${names.join(', then ')})` : timeZone
}

/** "2 days 3 h", "1 h 05 min", "04:07": coarse when far off, to the second when close. */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000))
  const days = Math.floor(totalSeconds / 86_400)
  const hours = Math.floor((totalSeconds % 86_400) / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const two = (n: number) => String(n).padStart(2, '0')
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} ${hours} h`
  if (hours > 0) return `${hours} h ${two(minutes)} min`
  return `${two(minutes)}:${two(seconds)}`
}
