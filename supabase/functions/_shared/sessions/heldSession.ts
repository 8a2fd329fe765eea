import { joinWindowState, sessionTimesOf } from '../../../../shared/domain/sessionTimes.ts'
import type { BookingState } from '../../../../shared/sessions/bookingState.ts'

/**
 * Whether a session has taken place, so its people may rate it or the host may like the member:
 * its join window has opened, and it was booked (not cancelled, not awaiting the host).
 */
export function hasTakenPlace(state: BookingState, at: Date): boolean {
  return joinWindowState(sessionTimesOf(state), at) !== 'before' && state.status !== 'Cancelled' && state.status !== 'Pending'
}
