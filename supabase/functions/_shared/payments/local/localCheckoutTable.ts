import type { Queryable } from '../../db/connect.ts'

export interface LocalCheckoutRow {
  id: string
  purchaseId: string
  amountCents: number
  currency: string
  description: string
  metadata: Record<string, string>
  clientReferenceId: string | null
  successUrl: string
  cancelUrl: string
  paymentIntentId: string
  status: 'open' | 'complete'
  /** From the purchase, for the page. */
  hostName: string | null
  plan: string | null
}

const columns = (sql: Queryable) => sql`
  c.id, c.purchase_id::text as "purchaseId", c.amount_cents as "amountCents", c.currency, c.description, c.metadata,
  c.client_reference_id as "clientReferenceId", c.success_url as "successUrl", c.cancel_url as "cancelUrl",
  c.payment_intent_id as "paymentIntentId", c.status, p.host_name as "hostName", p.plan`

export async function findLocalCheckout(sql: Queryable, where: { id: string } | { idempotencyKey: string } | { paymentIntentId: string }): Promise<LocalCheckoutRow | null> {
  const condition =
    'id' in where
      ? sql`c.id = ${where.id}`
      : 'idempotencyKey' in where
        ? sql`c.idempotency_key = ${where.idempotencyKey}`
        : sql`c.payment_intent_id = ${where.paymentIntentId}`
  const [row] = await sql<LocalCheckoutRow[]>`
    select ${columns(sql)} from local_checkout_sessions c left join purchases p on p.id = c.purchase_id where ${condition}`
  return row ?? null
}
