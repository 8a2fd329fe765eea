import type { BookingStatus } from '../domain/statuses.ts'

/** Where a paid session stands, as Postgres keeps it (`paid_sessions.credit_status`; migration 0011 checks the same). */
export const CREDIT_STATES = ['available', 'booked', 'used', 'refunded'] as const
export type CreditState = (typeof CREDIT_STATES)[number]

const HOUR_MS = 3_600_000

/**
 * The last moment a member can cancel and get the session back: the start less the cutoff, in
 * absolute hours (24 hours before a 10:00 start on the day clocks change is not 10:00 the day
 * before on the wall; the member is shown the exact time in their own zone).
 */
export function freeCancellationUntil(start: Date | string, cutoffHours: number): Date {
  return new Date(new Date(start).getTime() - cutoffHours * HOUR_MS)
}

export interface BookingForCredit {
  status: BookingStatus
  start: string
  cancelledBy: 'host' | 'member' | null
  cancelledAt: string | null
}

/**
 * What a booking does to the paid session it uses. Upcoming (or awaiting the host): booked.
 * Held: used. Cancelled by the host, or rejected: the credit comes back. Cancelled by the member
 * at or before the cutoff: it comes back; later: used. `fallbackCancelledAt` is when we learnt of
 * a cancellation whose time Cal.com did not give.
 */
export function creditStateFor(booking: BookingForCredit, cutoffHours: number, fallbackCancelledAt: Date): Exclude<CreditState, 'refunded'> {
  switch (booking.status) {
    case 'Pending':
    case 'Created':
      return 'booked'
    case 'Completed':
      return 'used'
    case 'Cancelled': {
      if (booking.cancelledBy === 'host') return 'available'
      const cancelledAt = booking.cancelledAt ? new Date(booking.cancelledAt) : fallbackCancelledAt
      return cancelledAt.getTime() <= freeCancellationUntil(booking.start, cutoffHours).getTime() ? 'available' : 'used'
    }
  }
}
