/** Wall-clock time in an IANA zone, with Intl only (the code runs in Deno, Node and browsers). */

export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'long',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name)
    return true
  } catch {
    return false
  }
}

/** The wall time at `instant` in `timeZone`, and its weekday ("monday"…). */
export function wallTimeAt(instant: Date, timeZone: string): WallTime & { weekday: string } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: String(parts.weekday).toLowerCase(),
  }
}

function asUtcMillis(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)
}

/**
 * The instant a wall time names in `timeZone`, or null when the clocks skip it (a DST gap).
 * Where the clocks repeat an hour, the earlier instant.
 */
export function instantOf(wall: WallTime, timeZone: string): Date | null {
  const target = asUtcMillis(wall)
  // The zone's offset at a guess, then at the corrected guess: two rounds settle any real zone.
  let guess = target
  for (let round = 0; round < 2; round++) {
    const offset = asUtcMillis(wallTimeAt(new Date(guess), timeZone)) - guess
    guess = target - offset
  }
  const candidates = [guess - 3_600_000, guess].filter((at) => asUtcMillis(wallTimeAt(new Date(at), timeZone)) === target)
  return candidates.length > 0 ? new Date(Math.min(...candidates)) : null
}
