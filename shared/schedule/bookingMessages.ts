import type { BookingState } from '../sessions/bookingState.ts'
import type { Role } from '../sessions/sessionView.ts'

export type BookingMessageKind = 'booking-confirmation' | 'booking-cancelled' | 'booking-rescheduled'

/** One message a booking change calls for: what, to whom, and the start time it announces. */
export interface BookingMessage {
  kind: BookingMessageKind
  role: Role
  start: string
  /** A move's old start. */
  previousStart?: string
}

const BOTH: readonly Role[] = ['member', 'host']

/**
 * The messages a change of a paid session's booking calls for, from the state before and after
 * the fold: booked (Created, for the first time or after a request) -> a confirmation to both;
 * moved (also back from a host's reschedule request) -> the new time to both; cancelled -> a notice to the other party (to both when Cal.com
 * did not say who cancelled). Each names the start it is about, so a replay asks for the same
 * messages and a second reschedule for new ones.
 */
export function bookingMessagesFor(before: BookingState | null, after: BookingState): BookingMessage[] {
  const to = (kind: BookingMessageKind, roles: readonly Role[], start: string, previousStart?: string): BookingMessage[] =>
    roles.map((role) => (previousStart ? { kind, role, start, previousStart } : { kind, role, start }))
  if (after.status === 'Created') {
    // A host's "request reschedule" cancelled it; the member's new time is a move, not a new booking.
    const moved = before?.status === 'Created' || (before?.status === 'Cancelled' && before.rescheduleRequested)
    if (before && moved) {
      return Date.parse(before.start) === Date.parse(after.start) ? [] : to('booking-rescheduled', BOTH, after.start, before.start)
    }
    return to('booking-confirmation', BOTH, after.start)
  }
  if (after.status === 'Cancelled' && before && (before.status === 'Created' || before.status === 'Pending')) {
    const other: readonly Role[] = after.cancelledBy === 'member' ? ['host'] : after.cancelledBy === 'host' ? ['member'] : BOTH
    return to('booking-cancelled', other, before.start)
  }
  return []
}
