import { z } from 'zod'

/**
 * The Stripe events Presence acts on (enable exactly these on the webhook endpoint). Anything
 * else is recorded as `ignored` and acknowledged.
 */
export const HANDLED_STRIPE_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
] as const
export type HandledStripeEvent = (typeof HANDLED_STRIPE_EVENTS)[number]

export function isHandledStripeEvent(type: string): type is HandledStripeEvent {
  return (HANDLED_STRIPE_EVENTS as readonly string[]).includes(type)
}

export function notHandledStripeReason(type: string): string {
  return `Stripe event ${type} is not handled`
}

/** The envelope every event shares; `data.object` is read by the schema for its type. */
export const stripeEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
})
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>

const metadataSchema = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {})

/** A Checkout Session as its events carry it: the fields fulfilment checks. */
export const checkoutSessionObjectSchema = z.object({
  id: z.string().startsWith('cs_'),
  object: z.literal('checkout.session'),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  status: z.enum(['open', 'complete', 'expired']).nullish(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  client_reference_id: z.string().nullable(),
  payment_intent: z.string().nullish().transform((value) => value ?? null),
  metadata: metadataSchema,
})
export type CheckoutSessionObject = z.infer<typeof checkoutSessionObjectSchema>

export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

export const refundObjectSchema = z.object({
  id: z.string().startsWith('re_'),
  object: z.literal('refund'),
  amount: z.number().int().positive(),
  status: z.enum(REFUND_STATUSES),
  payment_intent: z.string().nullish().transform((value) => value ?? null),
  metadata: metadataSchema,
})
export type RefundObject = z.infer<typeof refundObjectSchema>

/** A charge; since API version 2022-11-15 its `refunds` list comes only when expanded. */
export const chargeObjectSchema = z.object({
  id: z.string().startsWith('ch_'),
  object: z.literal('charge'),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  refunded: z.boolean(),
  payment_intent: z.string().nullish().transform((value) => value ?? null),
  metadata: metadataSchema,
  refunds: z.object({ data: z.array(refundObjectSchema) }).nullish(),
})
export type ChargeObject = z.infer<typeof chargeObjectSchema>

/** `paid_session_ids` in a refund's metadata: the credits `presence refunds create` paid back. */
export const PAID_SESSION_IDS_KEY = 'paid_session_ids'
