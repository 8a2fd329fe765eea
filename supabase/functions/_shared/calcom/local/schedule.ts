import { z } from 'zod'
import { instantOf, wallTimeAt } from './zonedTime.ts'

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
const range = z.tuple([clock, clock]).refine(([from, to]) => from < to, 'must end after it starts')

/** A host's weekly hours, in the host's own zone: weekday -> ranges such as ["09:00", "17:00"]. */
export const weeklyHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(range))
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>

/** The hours a host without a schedule of their own keeps. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = Object.fromEntries(
  WEEKDAYS.slice(0, 5).map((day) => [day, [['09:00', '17:00']]]),
) as WeeklyHours

export const SESSION_MINUTES = 30
/** How far ahead the booking page offers times. */
export const BOOKING_WINDOW_DAYS = 14

export interface Slot {
  /** ISO 8601, UTC. */
  start: string
  end: string
}

export interface SlotQuery {
  hours: WeeklyHours
  timeZone: string
  now: Date
  /** Starts (ISO, UTC) already booked. */
  taken: ReadonlySet<string>
  days?: number
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number)
  return hours! * 60 + minutes!
}

/**
 * Every free 30-minute slot from `now` through the next `days` days of the host's calendar, in
 * order. Slots are laid out on the host's wall clock, so 09:00 stays 09:00 across a DST change;
 * a wall time the clocks skip is not offered.
 */
export function freeSlots({ hours, timeZone, now, taken, days = BOOKING_WINDOW_DAYS }: SlotQuery): Slot[] {
  const today = wallTimeAt(now, timeZone)
  const horizon = new Date(now.getTime() + days * 86_400_000)
  const slots: Slot[] = []
  for (let offset = 0; offset <= days; offset++) {
    // Date.UTC normalises day overflow, so this walks calendar days in the host's zone.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset))
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!
    for (const [from, to] of hours[weekday] ?? []) {
      for (let minute = minutesOf(from); minute + SESSION_MINUTES <= minutesOf(to); minute += SESSION_MINUTES) {
        const start = instantOf(
          { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minute / 60), minute: minute % 60 },
          timeZone,
        )
        if (!start || start <= now || start >= horizon) continue
        const startIso = start.toISOString()
        if (taken.has(startIso)) continue
        slots.push({ start: startIso, end: new Date(start.getTime() + SESSION_MINUTES * 60_000).toISOString() })
      }
    }
  }
  return slots
}
