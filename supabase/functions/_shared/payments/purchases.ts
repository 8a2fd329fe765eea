import type { PURCHASE_STATUSES } from '../../../../shared/api/checkout.ts'
import type { CreditState } from '../../../../shared/credits/creditRules.ts'
import type { Queryable } from '../db/connect.ts'

/** The `purchases.payment_status` values (migration 0011 checks the same). */
export type PaymentStatus = (typeof PURCHASE_STATUSES)[number]

export interface PurchaseRow {
  id: string
  memberId: string
  hostId: string
  memberName: string | null
  hostName: string | null
  plan: string
  amountCents: number
  currency: string
  paymentStatus: PaymentStatus
  checkoutSessionId: string | null
  checkoutUrl: string | null
  paymentIntentId: string | null
  refundedCents: number
  paidAt: Date | null
  createdAt: Date
}

export interface PaidSessionRow {
  id: string
  purchaseId: string
  position: number
  amountCents: number
  hostShareCents: number
  platformShareCents: number
  creditStatus: CreditState
  sessionId: string | null
  refundId: string | null
  refundedAt: Date | null
}

/** Checked before a query: purchase ids come from browsers and metadata, and a malformed uuid is a Postgres error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const purchaseColumns = (sql: Queryable) => sql`
  id::text, member_id as "memberId", host_id as "hostId", member_name as "memberName", host_name as "hostName", plan,
  amount_cents as "amountCents", currency, payment_status as "paymentStatus", checkout_session_id as "checkoutSessionId",
  checkout_url as "checkoutUrl", payment_intent_id as "paymentIntentId", refunded_cents as "refundedCents", paid_at as "paidAt",
  created_at as "createdAt"`

export const paidSessionColumns = (sql: Queryable) => sql`
  id::text, purchase_id::text as "purchaseId", position, amount_cents as "amountCents", host_share_cents as "hostShareCents",
  platform_share_cents as "platformShareCents", credit_status as "creditStatus", session_id::text as "sessionId",
  refund_id as "refundId", refunded_at as "refundedAt"`

export async function paidSessionsOf(db: Queryable, purchaseId: string): Promise<PaidSessionRow[]> {
  return db<PaidSessionRow[]>`select ${paidSessionColumns(db)} from paid_sessions where purchase_id = ${purchaseId} order by position`
}
