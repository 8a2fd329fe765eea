import type { PurchaseView } from '../../../shared/api/checkout.ts'
import { describeTimeZone, formatSessionRange } from '../session/formatTimes.ts'
import { cancellationRuleAsOf } from './bookingTimes.ts'
import type { EmbedBooking } from './HostCalendar.tsx'
import { usePurchase } from './usePurchase.ts'

/** After this long without the booking on the purchase, the page says it is slow rather than spin quietly. */
export const SLOW_CONFIRMATION_MS = 30_000

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
  const state = usePurchase(purchaseId, (purchase) => attachedBooking(purchase, paidSessionId, booking.uid) === null)
  const attached = state.status === 'ready' ? attachedBooking(state.purchase, paidSessionId, booking.uid) : null
  const slow = state.status === 'ready' && state.polling && Date.now() - state.waitingSince > SLOW_CONFIRMATION_MS

  return (
    <div className="confirmation">
      <title>You're booked · Presence</title>
      {/* The page's heading: the section around it is labelled by this id. */}
      <h1 id="book-heading">You're booked with {hostName}</h1>
      <p className="session-time">{formatSessionRange(booking.startTime, booking.endTime, { timeZone })}</p>
      <p className="muted">Times are in {describeTimeZone(booking.startTime, { timeZone })}.</p>
      {attached ? (
        <>
          {attached.sessionLink && (
            <p>
              <a className="button" href={attached.sessionLink}>
                Open your session page
              </a>
            </p>
          )}
          <p className="muted">We'll text you this link, and remind you an hour before the session.</p>
          <p className="rule">{cancellationRuleAsOf(attached.freeCancellationUntil, new Date(), { timeZone })}</p>
        </>
      ) : state.status === 'error' ? (
        <p role="alert" className="notice">
          Your booking is made, but we couldn't load its details ({state.error.message}). We'll text you the session link.
        </p>
      ) : (
        <p role="status" className="notice">
          {slow
            ? "We're still confirming your booking with the calendar. It is made; we'll text you the session link as soon as it is confirmed."
            : "We're confirming your booking…"}
        </p>
      )}
    </div>
  )
}
