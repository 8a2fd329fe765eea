import type { BookingPaymentFlag, CreditStatus, PaymentStatus } from '../domain/statuses.ts'
import type { MessageRecordFields } from '../messages/messageRecord.ts'
import type { OperationRecord } from '../operations/record.ts'
import { PLANS, type PlanId } from '../plans/catalog.ts'
import { type BookingFields, NO_PAYMENT, NOT_BOOKED } from '../sessions/bookingFields.ts'
import type { CreditState } from './creditRules.ts'

/** What a paid session's record shows about the money. */
export interface PaidSessionFacts {
  id: string
  purchaseId: string
  plan: PlanId
  amountCents: number
  hostShareCents: number
  platformShareCents: number
  creditState: CreditState
  refunded: boolean
  memberId: string
  memberName: string | null
  hostId: string
  hostName: string | null
  checkoutId: string | null
  paidAt: string | null
}

const CREDIT_LABELS: Record<CreditState, CreditStatus> = { available: 'Available', booked: 'Booked', used: 'Used', refunded: 'Refunded' }

/** A refund of a session someone still had booked (or had held) needs an operator. */
export function paymentStatusOf(paid: Pick<PaidSessionFacts, 'creditState' | 'refunded'>): PaymentStatus {
  if (!paid.refunded) return 'Paid'
  return paid.creditState === 'booked' || paid.creditState === 'used' ? 'Refunded After Booking' : 'Refunded'
}

/**
 * A paid session's record, keyed by its id: the money from the purchase, and the booking it is
 * used for now, if any. `earlierBookingIds` are bookings it was used for before (cancelled with
 * the credit returned), listed with the booking's own previous ids. `messages` are those about
 * any of its bookings.
 */
export function paidSessionRecord(paid: PaidSessionFacts, booking: BookingFields | null, earlierBookingIds: string[], messages: MessageRecordFields): OperationRecord {
  const base = booking ?? NOT_BOOKED
  const previous = [...new Set([...base.previousBookingIds, ...earlierBookingIds])].filter((id) => id !== base.bookingId)
  return {
    ...base,
    ...messages,
    sessionId: paid.id,
    previousBookingIds: previous,
    memberId: paid.memberId,
    memberName: base.memberName ?? paid.memberName,
    hostId: paid.hostId,
    hostName: base.hostName ?? paid.hostName,
    paymentStatus: paymentStatusOf(paid),
    creditStatus: CREDIT_LABELS[paid.creditState],
    plan: PLANS[paid.plan].name,
    amountCents: paid.amountCents,
    hostShareCents: paid.hostShareCents,
    platformShareCents: paid.platformShareCents,
    purchaseId: paid.purchaseId,
    stripeCheckoutId: paid.checkoutId,
    paidAt: paid.paidAt,
  }
}

/** A booking that uses no paid session: its own record, saying why (or nothing yet, while undecided). */
export function unpaidBookingRecord(sessionId: string, booking: BookingFields, flag: BookingPaymentFlag | null, messages: MessageRecordFields): OperationRecord {
  return { ...booking, ...NO_PAYMENT, ...messages, sessionId, paymentStatus: flag }
}
