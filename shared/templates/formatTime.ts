/**
 * Times as a person reads them in their own zone, e.g. "Tue, 4 Mar 2030, 8:00 pm AEDT". An unknown
 * or missing zone falls back to UTC, named as such. Every time names its zone (or offset), so a
 * message says which zone it used.
 */
/**
 * Intl puts thin and narrow no-break spaces around a range's dash and before am/pm; plain ones
 * keep an SMS in the GSM-7 alphabet (any other character makes every segment UCS-2: 70
 * characters, not 160) and read the same everywhere.
 */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u2009\u202f]/g, ' ')
}

const DATE = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } as const
const TIME = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const

/** Whether Intl knows the zone (a browser's or an operator's zone is a claim until it does). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone })
    return true
  } catch {
    return false
  }
}

function knownZone(timeZone: string | null): string {
  return timeZone && isKnownTimeZone(timeZone) ? timeZone : 'UTC'
}

export function formatTimeInZone(time: Date, timeZone: string | null): string {
  return plainSpaces(new Intl.DateTimeFormat('en-AU', { timeZone: knownZone(timeZone), ...DATE, ...TIME }).format(time))
}

/** The zone's offset at `at`, as Intl names it ("GMT+11:00"): two instants with the same one read on one clock. */
export function offsetName(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at)
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? ''
}

/**
 * A session's range: "Sun, 4 Apr 2027, 2:30 – 3:00 am AEDT" under one zone name, unless a DST
 * change falls inside it — then each end has its own ("2:30 am AEDT – 2:00 am AEST"), never an end
 * that reads as before its start under one name.
 */
export function formatRangeInZone(start: Date, end: Date, timeZone: string | null): string {
  const zone = knownZone(timeZone)
  const whole = new Intl.DateTimeFormat('en-AU', { timeZone: zone, ...DATE, ...TIME })
  if (offsetName(start, zone) === offsetName(end, zone)) return plainSpaces(whole.formatRange(start, end))
  const day = new Intl.DateTimeFormat('en-AU', { timeZone: zone, ...DATE })
  const endText = day.format(start) === day.format(end) ? new Intl.DateTimeFormat('en-AU', { timeZone: zone, ...TIME }).format(end) : whole.format(end)
  return plainSpaces(`${whole.format(start)} – ${endText}`)
}
