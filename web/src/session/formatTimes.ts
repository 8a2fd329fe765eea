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

/** "Tuesday 3 March 2026, 10:00 – 10:30 am" (the locale decides the shape). */
export function formatSessionRange(start: string, end: string, options: ZoneOptions = {}): string {
  const format = new Intl.DateTimeFormat(options.locale, { dateStyle: 'full', timeStyle: 'short', timeZone: options.timeZone ?? viewerTimeZone() })
  return format.formatRange(new Date(start), new Date(end))
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

/** "Australia/Sydney (Australian Eastern Daylight Time)": the zone id and its name at that moment. */
export function describeTimeZone(at: string, options: ZoneOptions = {}): string {
  const timeZone = options.timeZone ?? viewerTimeZone()
  const parts = new Intl.DateTimeFormat(options.locale, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(at))
  const name = parts.find((part) => part.type === 'timeZoneName')?.value
  return name && name !== timeZone ? `${timeZone} (${name})` : timeZone
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
