/**
 * A time as a person reads it in their own zone, e.g. "Tue 4 Mar 2030, 8:00 pm AEDT". An unknown
 * or missing zone falls back to UTC, named as such.
 */
export function formatTimeInZone(time: Date, timeZone: string | null): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-AU', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(time)
  try {
    return format(timeZone ?? 'UTC')
  } catch {
    return format('UTC')
  }
}
