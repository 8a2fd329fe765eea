import type { z } from 'zod'
import { isPlanId, PLANS } from '../../../shared/plans/catalog.ts'
import { splitPlan } from '../../../shared/plans/split.ts'
import {
  chargeObjectSchema,
  checkoutSessionObjectSchema,
  notHandledStripeReason,
  PAID_SESSION_IDS_KEY,
  refundObjectSchema,
  stripeEventSchema,
  type CheckoutSessionObject,
  type HandledStripeEvent,
  type RefundObject,
} from '../../../shared/stripe/events.ts'
import type { Queryable, Sql } from '../_shared/db/connect.ts'
import { UnprocessableError } from '../_shared/errors.ts'
import type { InboxProcessor, ProcessorOutcome } from '../_shared/inbox/processor.ts'
import { jsonOf } from '../_shared/inbox/rawBody.ts'
import { paymentConfirmationSms } from '../_shared/jobs/messageJobs.ts'
import { recordSyncJob } from '../_shared/jobs/sessionJobs.ts'
import type { Outbox } from '../_shared/outbox/outbox.ts'
import { purchaseColumns, UUID, type PaymentStatus, type PurchaseRow } from '../_shared/payments/purchases.ts'
import { applyRecordedRefunds, markFullyRefunded, paidSessionIdsOf, recordRefund } from '../_shared/payments/refundLedger.ts'

export interface StripeProcessorDeps {
  sql: Sql
  outbox: Outbox
}

/** Stripe's data does not match what we sold: retrying will not change it, an operator must look. */
export class PaymentMismatchError extends UnprocessableError {
  constructor(message: string) {
    super(message, 'payment_mismatch')
  }
}

/**
 * A refund for a payment whose completion has not arrived yet (Stripe's events are unordered):
 * a plain error, so the inbox tries it again after its backoff, by when the payment is known.
 */
export class PaymentNotYetKnownError extends Error {}

type Step = (object: Record<string, unknown>) => Promise<ProcessorOutcome>

/** A signed event whose object is not the shape its type promises: retrying will not change it. */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new UnprocessableError(`${what}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`)
}

/**
 * Stripe's events, recorded by stripe-payment-confirm, acted on here: payments become paid
 * sessions (credits), refunds mark them. Every step is one transaction on the locked purchase and
 * safe to repeat: a replay, a duplicate or the second of two fulfilling events changes nothing.
 */
export function createStripeProcessor(deps: StripeProcessorDeps): InboxProcessor {
  const { sql, outbox } = deps

  async function lockPurchase(tx: Queryable, id: string): Promise<PurchaseRow | null> {
    if (!UUID.test(id)) return null
    const [row] = await tx<PurchaseRow[]>`select ${purchaseColumns(tx)} from purchases where id = ${id} for update`
    return row ?? null
  }

  /** The purchase a Checkout Session is for, checked against what the checkout function sold. */
  async function lockCheckoutPurchase(tx: Queryable, session: CheckoutSessionObject): Promise<PurchaseRow> {
    const purchaseId = session.metadata.purchase_id ?? ''
    const purchase = await lockPurchase(tx, purchaseId)
    if (!purchase) throw new PaymentMismatchError(`Checkout Session ${session.id} names no known purchase (metadata.purchase_id ${JSON.stringify(purchaseId)})`)
    const plan = isPlanId(purchase.plan) ? PLANS[purchase.plan] : undefined
    const problems = [
      session.amount_total !== purchase.amountCents || session.amount_total !== plan?.priceCents ? `amount_total ${session.amount_total} is not the plan's ${plan?.priceCents} cents` : null,
      session.currency !== purchase.currency ? `currency ${session.currency} is not ${purchase.currency}` : null,
      session.metadata.plan_type !== purchase.plan ? `plan_type ${session.metadata.plan_type} is not ${purchase.plan}` : null,
      session.metadata.member_id !== purchase.memberId || session.client_reference_id !== purchase.memberId ? 'the member is not the purchase’s' : null,
      session.metadata.host_id !== purchase.hostId ? 'the host is not the purchase’s' : null,
      purchase.checkoutSessionId !== null && purchase.checkoutSessionId !== session.id ? `the purchase was made with Checkout Session ${purchase.checkoutSessionId}` : null,
    ].filter((problem): problem is string => problem !== null)
    if (problems.length > 0) throw new PaymentMismatchError(`Checkout Session ${session.id} does not match purchase ${purchase.id}: ${problems.join('; ')}`)
    return purchase
  }

  async function queueRecords(tx: Queryable, paidSessionIds: string[]): Promise<void> {
    const unique = [...new Set(paidSessionIds)]
    if (unique.length > 0) await outbox.enqueue(tx, unique.map(recordSyncJob))
  }

  /** Paid: the purchase's paid sessions from the split, their records, the confirmation SMS, any refund that came first. */
  const fulfil: Step = async (object) => {
    const session = parse(checkoutSessionObjectSchema, object, 'Checkout Session')
    await sql.begin(async (tx) => {
      const purchase = await lockCheckoutPurchase(tx, session)
      const plan = PLANS[purchase.plan as keyof typeof PLANS]
      const [paid] = await tx<PurchaseRow[]>`
        update purchases set payment_status = 'paid', paid_at = coalesce(paid_at, now()),
          payment_intent_id = coalesce(payment_intent_id, ${session.payment_intent}),
          checkout_session_id = coalesce(checkout_session_id, ${session.id}), updated_at = now()
        where id = ${purchase.id}
        returning ${purchaseColumns(tx)}`
      const shares = splitPlan(plan).sessions
      const created = await tx<{ id: string }[]>`
        insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
        select ${purchase.id}, position, ${purchase.memberId}, ${purchase.hostId}, ${purchase.plan}, amount, host, platform
        from unnest(${shares.map((_, index) => index + 1)}::int[], ${shares.map((s) => s.amountCents)}::int[],
          ${shares.map((s) => s.hostCents)}::int[], ${shares.map((s) => s.platformCents)}::int[]) as t (position, amount, host, platform)
        on conflict (purchase_id, position) do nothing
        returning id::text`
      const refunded = await applyRecordedRefunds(tx, paid!)
      await queueRecords(tx, [...created.map((row) => row.id), ...refunded])
      await outbox.enqueue(tx, [paymentConfirmationSms(purchase.id, purchase.memberId)])
    })
    return { outcome: 'processed' }
  }

  /** Moves a purchase that is not paid; `from` lists the statuses it may leave, so nothing downgrades a payment. */
  const moveTo =
    (status: PaymentStatus, from: PaymentStatus[]): Step =>
    async (object) => {
      const session = parse(checkoutSessionObjectSchema, object, 'Checkout Session')
      await sql.begin(async (tx) => {
        const purchase = await lockCheckoutPurchase(tx, session)
        if (!from.includes(purchase.paymentStatus)) return
        await tx`
          update purchases set payment_status = ${status}, payment_intent_id = coalesce(payment_intent_id, ${session.payment_intent}),
            checkout_session_id = coalesce(checkout_session_id, ${session.id}), updated_at = now()
          where id = ${purchase.id}`
      })
      return { outcome: 'processed' }
    }

  /** The purchase a refund or charge is for: by our metadata, else by its payment (a dashboard refund). */
  async function lockRefundedPurchase(tx: Queryable, metadata: Record<string, string>, paymentIntent: string | null, what: string): Promise<PurchaseRow> {
    const byMetadata = metadata.purchase_id ? await lockPurchase(tx, metadata.purchase_id) : null
    if (byMetadata) return byMetadata
    if (paymentIntent) {
      const [row] = await tx<PurchaseRow[]>`select ${purchaseColumns(tx)} from purchases where payment_intent_id = ${paymentIntent} for update`
      if (row) return row
    }
    throw new PaymentNotYetKnownError(`${what}: no purchase is paid with payment ${paymentIntent ?? '(none)'} yet`)
  }

  async function refund(object: RefundObject): Promise<void> {
    await sql.begin(async (tx) => {
      const purchase = await lockRefundedPurchase(tx, object.metadata, object.payment_intent, `refund ${object.id}`)
      const changed = await recordRefund(tx, purchase, {
        id: object.id,
        amountCents: object.amount,
        status: object.status,
        paidSessionIds: paidSessionIdsOf(object.metadata[PAID_SESSION_IDS_KEY]),
      })
      await queueRecords(tx, changed)
    })
  }

  const refundEvent: Step = async (object) => {
    await refund(parse(refundObjectSchema, object, 'Refund'))
    return { outcome: 'processed' }
  }

  /** `charge.refunded`: the refunds it lists (when expanded), and a full refund marks every credit. */
  const chargeRefunded: Step = async (object) => {
    const charge = parse(chargeObjectSchema, object, 'Charge')
    for (const listed of charge.refunds?.data ?? []) await refund(listed)
    await sql.begin(async (tx) => {
      const purchase = await lockRefundedPurchase(tx, charge.metadata, charge.payment_intent, `charge ${charge.id}`)
      await tx`update purchases set refunded_cents = greatest(refunded_cents, ${charge.amount_refunded}), updated_at = now() where id = ${purchase.id}`
      if (charge.refunded && purchase.paymentStatus === 'paid') await queueRecords(tx, await markFullyRefunded(tx, purchase.id))
    })
    return { outcome: 'processed' }
  }

  const STEPS: Record<HandledStripeEvent, Step> = {
    'checkout.session.completed': async (object) =>
      parse(checkoutSessionObjectSchema, object, 'Checkout Session').payment_status === 'unpaid'
        ? moveTo('awaiting_payment', ['open'])(object)
        : fulfil(object),
    'checkout.session.async_payment_succeeded': fulfil,
    'checkout.session.async_payment_failed': moveTo('failed', ['open', 'awaiting_payment']),
    'checkout.session.expired': moveTo('expired', ['open']),
    'charge.refunded': chargeRefunded,
    'refund.created': refundEvent,
    'refund.updated': refundEvent,
    'refund.failed': refundEvent,
  }

  return {
    async process(delivery) {
      try {
        const event = parse(stripeEventSchema, jsonOf(delivery.rawBody), 'Stripe event')
        const step = (STEPS as Record<string, Step | undefined>)[event.type]
        if (!step) return { outcome: 'ignored', reason: notHandledStripeReason(event.type) }
        return await step(event.data.object)
      } catch (error) {
        return { outcome: 'failed', error }
      }
    },
  }
}
