/**
 * Non-urgent messages go between 08:00 and 21:00 on the recipient's own clock. Times are read
 * through Intl in the recipient's IANA zone, so DST changes and half-hour zones need no rules here.
 */
export const DAYTIME = { startHour: 8, endHour: 21 } as const

// Making a formatter costs far more than using one; zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The recipient's wall clock at `at`: date and time of day in their zone. */
function wallClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>
  return parts
}

/** The zone's offset from UTC at `at`, in ms (wall clock minus UTC). */
function offsetMs(at: Date, timeZone: string): number {
  const wall = wallClock(at, timeZone)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

function isDaytime(at: Date, timeZone: string): boolean {
  const { hour } = wallClock(at, timeZone)
  return hour >= DAYTIME.startHour && hour < DAYTIME.endHour
}

/** A zone Intl knows; anything else (blank, misspelt) is read as UTC, as message times are. */
export function zoneOrUtc(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC'
  try {
    formatterFor(timeZone)
    return timeZone
  } catch {
    return 'UTC'
  }
}

/**
 * When a non-urgent message due at `now` may go to someone in `timeZone`: `now` itself in their
 * daytime, else their next 08:00 (today's before 08:00, tomorrow's after 21:00).
 */
export function nextSendableAt(now: Date, timeZone: string | null | undefined): Date {
  const zone = zoneOrUtc(timeZone)
  if (isDaytime(now, zone)) return now
  const wall = wallClock(now, zone)
  const day = wall.hour < DAYTIME.startHour ? wall.day : wall.day + 1
  // 08:00 on that local date: guess with the current offset, then correct with the offset there.
  const localEight = Date.UTC(wall.year, wall.month - 1, day, DAYTIME.startHour, 0, 0)
  let at = new Date(localEight - offsetMs(now, zone))
  at = new Date(localEight - offsetMs(at, zone))
  // Should a DST change ever skip 08:00 itself, the first daytime minute after it is the answer.
  while (!isDaytime(at, zone)) at = new Date(at.getTime() + 60_000)
  return at
}
