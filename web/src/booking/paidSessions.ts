import type { PurchaseView } from '../../../shared/api/checkout.ts'

type PaidSession = PurchaseView['sessions'][number]

/** The paid session the next booking uses: the first bookable one, in purchase order. */
export function nextBookableSession(purchase: PurchaseView): PaidSession | undefined {
  return [...purchase.sessions].sort((a, b) => a.position - b.position).find((session) => session.creditStatus === 'available')
}

/** Paid sessions with an upcoming booking, soonest first. */
export function bookedSessions(purchase: PurchaseView): Array<PaidSession & { booking: NonNullable<PaidSession['booking']> }> {
  return purchase.sessions
    .filter((session): session is PaidSession & { booking: NonNullable<PaidSession['booking']> } => session.creditStatus === 'booked' && session.booking !== null)
    .sort((a, b) => a.booking.start.localeCompare(b.booking.start))
}

/** Still waiting on Stripe: Checkout not completed yet, or a delayed payment method settling. */
export const paymentPending = (purchase: PurchaseView) => purchase.status === 'open' || purchase.status === 'awaiting_payment'

/**
 * How long the page waits for Stripe's word on a completed Checkout (normally seconds). A delayed
 * method that is still settling is not waited for: that takes days, and the member is texted.
 */
export const PAYMENT_WAIT_MS = 120_000

export const waitForPayment = (purchase: PurchaseView, waitingSince: number) => purchase.status === 'open' && Date.now() - waitingSince < PAYMENT_WAIT_MS
