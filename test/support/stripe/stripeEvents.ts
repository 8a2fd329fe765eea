import { PLANS, type PlanId } from '../../../shared/plans/catalog.ts'
import { signStripePayload, STRIPE_SIGNATURE_HEADER } from '../../../supabase/functions/_shared/payments/stripe/webhookSignature.ts'
import type { Sql } from '../../../supabase/functions/_shared/db/connect.ts'

export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_test_presence_secret'

export interface TestPurchase {
  id: string
  memberId: string
  hostId: string
  plan: PlanId
  checkoutSessionId: string
}

let counter = 0
const nextId = (prefix: string) => `${prefix}_test_${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}`

/** A member and an active host in the Postgres directory, and an open purchase as the checkout function leaves it. */
export async function openPurchase(sql: Sql, plan: PlanId = 'weekly'): Promise<TestPurchase> {
  const [host] = await sql<{ id: string }[]>`
    insert into hosts (name, email, phone, status) values ('Jane Host', ${`${nextId('host')}@example.com`}, '+61400000001', 'Active') returning id::text`
  const [member] = await sql<{ id: string }[]>`
    insert into members (name, email, phone) values ('Mia Member', 'mia@example.com', '+61400000002') returning id::text`
  const checkoutSessionId = nextId('cs')
  const [purchase] = await sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, currency, checkout_session_id)
    values (${member!.id}, ${host!.id}, 'Mia Member', 'Jane Host', ${plan}, ${PLANS[plan].priceCents}, 'aud', ${checkoutSessionId})
    returning id::text`
  return { id: purchase!.id, memberId: member!.id, hostId: host!.id, plan, checkoutSessionId }
}

export function stripeEventOf(type: string, object: Record<string, unknown>, id = nextId('evt')): Record<string, unknown> {
  return { id, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } }
}

/** The Checkout Session for `purchase` as Stripe's checkout.session.* events carry it. */
export function checkoutSessionOf(purchase: TestPurchase, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: purchase.checkoutSessionId,
    object: 'checkout.session',
    mode: 'payment',
    amount_total: PLANS[purchase.plan].priceCents,
    currency: 'aud',
    client_reference_id: purchase.memberId,
    metadata: { purchase_id: purchase.id, member_id: purchase.memberId, host_id: purchase.hostId, plan_type: purchase.plan },
    payment_intent: `pi_for_${purchase.id.replaceAll('-', '')}`,
    payment_status: 'paid',
    status: 'complete',
    ...overrides,
  }
}

export function paymentIntentOf(purchase: TestPurchase): string {
  return `pi_for_${purchase.id.replaceAll('-', '')}`
}

/** A refund as refund.* events carry it; no metadata is a refund made in Stripe's dashboard. */
export function refundOf(purchase: TestPurchase, amount: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: nextId('re'), object: 'refund', amount, currency: 'aud', payment_intent: paymentIntentOf(purchase), status: 'succeeded', metadata: {}, ...overrides }
}

/** A request to stripe-payment-confirm signed as Stripe signs it (the SDK's test header helper). */
export async function signedStripeRequest(
  event: Record<string, unknown> | string,
  options: { secret?: string; timestamp?: number; url?: string } = {},
): Promise<Request> {
  const body = typeof event === 'string' ? event : JSON.stringify(event)
  const signature = await signStripePayload(options.secret ?? TEST_STRIPE_WEBHOOK_SECRET, body, options.timestamp)
  return new Request(options.url ?? 'http://localhost/functions/v1/stripe-payment-confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [STRIPE_SIGNATURE_HEADER]: signature },
    body,
  })
}
