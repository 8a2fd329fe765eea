import { z } from 'zod'
import { REFUND_STATUSES } from '../../../../../shared/stripe/events.ts'
import type { Payments } from '../payments.ts'
import { createStripeClient, type StripeClientOptions } from './stripeClient.ts'
import { StripeApiError, toStripeApiError } from './stripeErrors.ts'

/** What Presence reads of a Checkout Session and a Refund; anything else Stripe sends is not ours to trust. */
const checkoutSessionSchema = z.object({ id: z.string().startsWith('cs_'), url: z.url() })
const refundSchema = z.object({ id: z.string().startsWith('re_'), status: z.enum(REFUND_STATUSES), amount: z.number().int().positive() })

function checked<T>(label: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new StripeApiError(`${label}: unexpected answer: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`, false, undefined, 'invalid_response', undefined)
}

/** Payments through Stripe's API (Checkout Sessions and Refunds), with the SDK. */
export function createStripePayments(options: StripeClientOptions): Payments {
  const stripe = createStripeClient(options)
  return {
    async createCheckoutSession(request) {
      const label = 'create Checkout Session'
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              { quantity: 1, price_data: { currency: request.currency, unit_amount: request.amountCents, product_data: { name: request.productName } } },
            ],
            metadata: { ...request.metadata },
            // The payment, and so its refunds' events, carry the purchase too.
            payment_intent_data: { metadata: { ...request.metadata } },
            client_reference_id: request.clientReferenceId,
            ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
          },
          { idempotencyKey: request.idempotencyKey },
        )
        return checked(label, checkoutSessionSchema, session)
      } catch (error) {
        throw toStripeApiError(label, error)
      }
    },

    async createRefund(request) {
      const label = 'create refund'
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.paymentIntentId, amount: request.amountCents, metadata: request.metadata },
          { idempotencyKey: request.idempotencyKey },
        )
        const parsed = checked(label, refundSchema, refund)
        return { id: parsed.id, status: parsed.status, amountCents: parsed.amount }
      } catch (error) {
        throw toStripeApiError(label, error)
      }
    },
  }
}
