import type { Queryable, Sql } from '../../db/connect.ts'
import { ProviderError } from '../../errors.ts'
import type { Payments } from '../payments.ts'
import { findLocalCheckout } from './localCheckoutTable.ts'
import { postSignedEvent, stripeEvent, type EventSender } from './localStripeEvents.ts'

export interface LocalPaymentsOptions extends EventSender {
  sql: Sql
  /** Where the functions server serves the checkout page: `<origin>/local-stripe/checkout/<id>`. */
  pagesUrl: string
}

async function refundedCents(db: Queryable, paymentIntentId: string): Promise<number> {
  const [row] = await db<{ cents: number }[]>`
    select coalesce(sum(amount_cents), 0)::int as cents from local_refunds where payment_intent_id = ${paymentIntentId}`
  return row?.cents ?? 0
}

function randomId(prefix: string): string {
  return `${prefix}_local_${crypto.randomUUID().replaceAll('-', '')}`
}

/** A refusal worded as Stripe words it, so the CLI reads the same either way. */
function invalidRequest(message: string): ProviderError {
  return new ProviderError('stripe (local stand-in)', `400 invalid_request_error: ${message}`, false, 400)
}

/**
 * The local stand-in for Stripe. Checkout Sessions are rows served as a page by the functions
 * server (see localCheckoutPage.ts); refunds are rows too, and each posts the `charge.refunded`
 * and `refund.updated` events Stripe would, signed with the development secret. The same
 * idempotency key answers the same session or refund, as Stripe's does.
 */
export function createLocalPayments(options: LocalPaymentsOptions): Payments {
  const { sql } = options
  return {
    async createCheckoutSession(request) {
      const id = randomId('cs')
      await sql`
        insert into local_checkout_sessions (id, idempotency_key, purchase_id, amount_cents, currency, description, metadata,
          client_reference_id, success_url, cancel_url, payment_intent_id)
        values (${id}, ${request.idempotencyKey}, ${request.metadata.purchase_id}, ${request.amountCents}, ${request.currency},
          ${request.productName}, ${sql.json({ ...request.metadata })}, ${request.clientReferenceId}, ${request.successUrl},
          ${request.cancelUrl}, ${randomId('pi')})
        on conflict (idempotency_key) do nothing`
      const session = await findLocalCheckout(sql, { idempotencyKey: request.idempotencyKey })
      if (!session) throw new Error('local checkout session was not stored')
      return { id: session.id, url: `${options.pagesUrl}/checkout/${encodeURIComponent(session.id)}` }
    },

    async createRefund(request) {
      const checkout = await findLocalCheckout(sql, { paymentIntentId: request.paymentIntentId })
      if (!checkout || checkout.status !== 'complete') throw invalidRequest(`No such payment_intent: '${request.paymentIntentId}'`)
      const refund = await sql.begin(async (tx) => {
        const [existing] = await tx<{ id: string; amountCents: number }[]>`
          select id, amount_cents as "amountCents" from local_refunds where idempotency_key = ${request.idempotencyKey}`
        if (existing) return existing
        await tx`select 1 from local_checkout_sessions where id = ${checkout.id} for update`
        const refunded = await refundedCents(tx, request.paymentIntentId)
        if (request.amountCents > checkout.amountCents - refunded) {
          throw invalidRequest(`Refund amount (${request.amountCents}) is greater than unrefunded amount on charge (${checkout.amountCents - refunded})`)
        }
        const [created] = await tx<{ id: string; amountCents: number }[]>`
          insert into local_refunds (id, idempotency_key, payment_intent_id, amount_cents, metadata)
          values (${randomId('re')}, ${request.idempotencyKey}, ${request.paymentIntentId}, ${request.amountCents}, ${tx.json(request.metadata)})
          returning id, amount_cents as "amountCents"`
        return created!
      })
      const refunded = await refundedCents(sql, request.paymentIntentId)
      const refundObject = {
        id: refund.id,
        object: 'refund',
        amount: refund.amountCents,
        currency: checkout.currency,
        charge: `ch_${checkout.paymentIntentId.slice('pi_'.length)}`,
        payment_intent: checkout.paymentIntentId,
        metadata: request.metadata,
        status: 'succeeded',
        created: Math.floor(Date.now() / 1000),
      }
      const charge = {
        id: refundObject.charge,
        object: 'charge',
        amount: checkout.amountCents,
        amount_refunded: refunded,
        refunded: refunded >= checkout.amountCents,
        currency: checkout.currency,
        payment_intent: checkout.paymentIntentId,
        metadata: checkout.metadata,
      }
      // Sent again on a retry with the same key: the same event ids, so the inbox counts them once.
      await postSignedEvent(options, stripeEvent(`evt_local_${refund.id}_charge`, 'charge.refunded', charge))
      await postSignedEvent(options, stripeEvent(`evt_local_${refund.id}_updated`, 'refund.updated', refundObject))
      return { id: refund.id, status: 'succeeded', amountCents: refund.amountCents }
    },
  }
}
