import type { PurchaseView } from '../../../shared/api/checkout.ts'
import { describeTimeZone, formatSessionRange } from '../session/formatTimes.ts'
import { cancellationRuleAsOf } from './bookingTimes.ts'
import type { EmbedBooking } from './HostCalendar.tsx'
import { usePurchase } from './usePurchase.ts'

/** After this long without the booking on the purchase, the page says it is slow rather than spin quietly. */
export const SLOW_CONFIRMATION_MS = 30_000
/** And after this long it stops asking: the webhook is not coming, or the booking was not matched to the plan. */
export const GIVE_UP_CONFIRMATION_MS = 120_000

const attachedBooking = (purchase: PurchaseView, paidSessionId: string, uid: string) => {
  const booking = purchase.sessions.find((session) => session.id === paidSessionId)?.booking
  return booking && booking.bookingId === uid ? booking : null
}

interface BookingConfirmationProps {
  purchaseId: string
  paidSessionId: string
  booking: EmbedBooking
  hostName: string
  timeZone: string | undefined
}

/**
 * "You're booked": the time from the embed's event straight away; the session link and the
 * cancellation cutoff once Cal.com's webhook has attached the booking to the paid session
 * (the server's word, polled for).
 */
export function BookingConfirmation({ purchaseId, paidSessionId, booking, hostName, timeZone }: BookingConfirmationProps) {
  const state = usePurchase(
    purchaseId,
    (purchase, waitingSince) => attachedBooking(purchase, paidSessionId, booking.uid) === null && Date.now() - waitingSince < GIVE_UP_CONFIRMATION_MS,
  )
  const attached = state.status === 'ready' ? attachedBooking(state.purchase, paidSessionId, booking.uid) : null
  const slow = state.status === 'ready' && Date.now() - state.waitingSince > SLOW_CONFIRMATION_MS

  return (
    <div className="confirmation">
      <title>You're booked · Presence</title>
      {/* The page's heading: the section around it is labelled by this id. */}
      <h1 id="book-heading">You're booked with {hostName}</h1>
      <p className="session-time">{formatSessionRange(booking.startTime, booking.endTime, { timeZone })}</p>
      <p className="muted">Times are in {describeTimeZone(booking.startTime, { timeZone }, booking.endTime)}.</p>
      {attached ? (
        <>
          <p>
            <a className="button" href={attached.sessionLink}>
              Open your session page
            </a>
          </p>
          <p className="muted">Keep this link: the session opens there, and we text it to you an hour before.</p>
          <p className="rule">{cancellationRuleAsOf(attached.freeCancellationUntil, new Date(), { timeZone })}</p>
        </>
      ) : state.status === 'error' ? (
        <p role="alert" className="notice">
          The calendar has your booking, but we couldn't load its details ({state.error.message}). Reload this page to see your session link.
        </p>
      ) : state.status === 'ready' && !state.polling ? (
        <p role="alert" className="notice">
          We haven't been able to confirm this booking yet. Reload this page in a minute; if your session link still isn't here, contact us with the time you booked.
        </p>
      ) : (
        <p role="status" className="notice">
          {slow ? "We're still confirming your booking with the calendar; your session link will appear here." : "We're confirming your booking…"}
        </p>
      )}
    </div>
  )
}
