import { useId } from 'react'
import type { CalcomActions } from '../../../../shared/api/dashboard.ts'
import { formatDeadline } from '../../booking/bookingTimes.ts'
import type { ServerClock } from '../../session/serverClock.ts'
import { useDeadlinePassed } from './useDeadlinePassed.ts'

const HOUR = 3_600_000

/** The cutoff in hours, derived from the booking itself (the server's setting, as it applied it). */
function cutoffHours(start: string, freeCancellationUntil: string): number {
  return Math.round((Date.parse(start) - Date.parse(freeCancellationUntil)) / HOUR)
}

/**
 * "Reschedule" and "Cancel" (Cal.com's own pages for the booking), each after the rule that says
 * whether the credit comes back: live, so it changes when the cutoff passes with the page open.
 */
export function BookingChanges({
  calcom,
  start,
  freeCancellationUntil,
  clock,
}: {
  calcom: CalcomActions
  start: string
  /** Null for a booking that uses no credit. */
  freeCancellationUntil: string | null
  clock: ServerClock
}) {
  const ruleId = useId()
  const passed = useDeadlinePassed(freeCancellationUntil, clock)
  const rule =
    freeCancellationUntil === null
      ? 'This booking uses none of your credits, so cancelling or rescheduling it changes none.'
      : passed
        ? `It is less than ${cutoffHours(start, freeCancellationUntil)} hours away: cancelling now uses the credit.`
        : `Cancel or reschedule before ${formatDeadline(freeCancellationUntil)} and your session credit comes back.`
  return (
    <div className="booking-changes">
      <p id={ruleId}>{rule}</p>
      <p className="dashboard-links">
        <a href={calcom.rescheduleUrl} aria-describedby={ruleId}>
          Reschedule
        </a>
        <a href={calcom.cancelUrl} aria-describedby={ruleId}>
          Cancel
        </a>
      </p>
    </div>
  )
}
