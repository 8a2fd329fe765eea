import type { ZoneOptions } from '../session/formatTimes.ts'

/** "Monday 2 March 2026 at 10:00 am AEDT": a moment to act by, with its zone, since it may fall on the other side of a DST change. */
export function formatDeadline(at: string, options: ZoneOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: options.timeZone,
  }).format(new Date(at))
}

/** The rule a booking confirmation states, with the exact cutoff in the member's zone. */
export function cancellationRule(freeCancellationUntil: string, options: ZoneOptions = {}): string {
  return `Cancel before ${formatDeadline(freeCancellationUntil, options)} and this session comes back to you; later cancellations use it.`
}

/** The rule as it stands at `now`: once the cutoff has passed, a cancellation can only use the session. */
export function cancellationRuleAsOf(freeCancellationUntil: string, now: Date, options: ZoneOptions = {}): string {
  if (now.getTime() <= Date.parse(freeCancellationUntil)) return cancellationRule(freeCancellationUntil, options)
  return `The time to cancel and get this session back ended on ${formatDeadline(freeCancellationUntil, options)}; cancelling now uses it.`
}
