import * as z from 'zod/mini'
import { CREDIT_STATES } from '../credits/creditRules.ts'
import { PLAN_IDS } from '../plans/catalog.ts'

/**
 * `POST /checkout`: which host and plan the signed-in member is buying. The price is the
 * catalog's; an amount sent by the browser is not read.
 */
export const checkoutRequestSchema = z.object({
  hostId: z.string().check(z.minLength(1), z.maxLength(200)),
  plan: z.enum(PLAN_IDS),
})
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>

/** Where to send the member to pay. */
export const checkoutCreatedSchema = z.object({ purchaseId: z.string(), url: z.string() })
export type CheckoutCreated = z.infer<typeof checkoutCreatedSchema>

export const PURCHASE_STATUSES = ['open', 'awaiting_payment', 'paid', 'failed', 'expired'] as const

/** A paid session's booking, with the member's link to the session page. Times are UTC ISO strings. */
export const purchaseBookingSchema = z.object({
  bookingId: z.string(),
  start: z.string(),
  end: z.string(),
  sessionLink: z.string(),
  /** Cancelling before this returns the credit; later, it is used. */
  freeCancellationUntil: z.string(),
})

export const purchasePaidSessionSchema = z.object({
  id: z.string(),
  position: z.number(),
  creditStatus: z.enum(CREDIT_STATES),
  refunded: z.boolean(),
  booking: z.nullable(purchaseBookingSchema),
})

/** `GET /checkout?purchase=<id>`: the signed-in member's purchase, for the booking page to wait on. */
export const purchaseViewSchema = z.object({
  purchaseId: z.string(),
  status: z.enum(PURCHASE_STATUSES),
  plan: z.enum(PLAN_IDS),
  host: z.object({ id: z.string(), name: z.string() }),
  amountCents: z.number(),
  currency: z.string(),
  refundedCents: z.number(),
  sessions: z.array(purchasePaidSessionSchema),
})
export type PurchaseView = z.infer<typeof purchaseViewSchema>
