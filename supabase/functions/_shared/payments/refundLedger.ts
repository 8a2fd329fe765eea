import type { Queryable } from '../db/connect.ts'
import type { RefundStatus } from '../../../../shared/stripe/events.ts'
import { paidSessionsOf, UUID, type PaidSessionRow, type PurchaseRow } from './purchases.ts'

export interface RefundFacts {
  id: string
  amountCents: number
  status: RefundStatus
  /** The paid sessions the refund names (its `paid_session_ids` metadata); none for one made in Stripe's dashboard. */
  paidSessionIds: string[]
}

/** `paid_session_ids` metadata: comma-separated uuids; anything else in it is ignored. */
export function paidSessionIdsOf(value: string | undefined): string[] {
  return (value ?? '').split(',').map((id) => id.trim()).filter((id) => UUID.test(id))
}

/**
 * Writes what Stripe says about a refund (the purchase locked by the caller) and, once the
 * purchase is paid, applies it: a succeeded refund marks its paid sessions refunded, a failed
 * or cancelled one gives them back. Statuses only move forward (pending → succeeded → failed),
 * so events arriving out of order end in the same place. Returns the paid sessions it changed.
 */
export async function recordRefund(tx: Queryable, purchase: PurchaseRow, refund: RefundFacts): Promise<string[]> {
  const [row] = await tx<{ status: RefundStatus; paidSessionIds: string[] }[]>`
    insert into refunds as r (id, purchase_id, amount_cents, status, paid_session_ids)
    values (${refund.id}, ${purchase.id}, ${refund.amountCents}, ${refund.status}, ${refund.paidSessionIds}::uuid[])
    on conflict (id) do update set
      status = case
        when r.status in ('failed', 'canceled') then r.status
        when excluded.status in ('failed', 'canceled') then excluded.status
        when r.status = 'succeeded' then r.status
        else excluded.status end,
      paid_session_ids = case when cardinality(r.paid_session_ids) = 0 then excluded.paid_session_ids else r.paid_session_ids end,
      updated_at = now()
    returning status, paid_session_ids::text[] as "paidSessionIds"`
  const changed =
    purchase.paymentStatus !== 'paid'
      ? []
      : row!.status === 'succeeded'
        ? await applyRefund(tx, purchase, { ...refund, paidSessionIds: row!.paidSessionIds })
        : row!.status === 'failed' || row!.status === 'canceled'
          ? await revokeRefund(tx, refund.id)
          : []
  await tx`
    update purchases set updated_at = now(), refunded_cents = (
      select coalesce(sum(amount_cents), 0) from refunds where purchase_id = ${purchase.id} and status = 'succeeded')
    where id = ${purchase.id}`
  return changed
}

/**
 * Marks the refund's paid sessions refunded, once (a session already carrying this refund means
 * it was applied). Which sessions: the ones it names; all of them for a refund of what is
 * left; otherwise unused credits last-first until they cover the amount, then booked ones.
 * A booked or used credit keeps its status: its record shows it refunded, for an operator.
 */
export async function applyRefund(tx: Queryable, purchase: PurchaseRow, refund: RefundFacts): Promise<string[]> {
  const [applied] = await tx`select 1 from paid_sessions where refund_id = ${refund.id} limit 1`
  if (applied) return []
  const sessions = await paidSessionsOf(tx, purchase.id)
  const [other] = await tx<{ cents: number }[]>`
    select coalesce(sum(amount_cents), 0)::int as cents from refunds
    where purchase_id = ${purchase.id} and status = 'succeeded' and id <> ${refund.id}`
  const targets = refundTargets(sessions, refund, refund.amountCents >= purchase.amountCents - (other?.cents ?? 0))
  if (targets.length === 0) return []
  const rows = await tx<{ id: string }[]>`
    update paid_sessions set refund_id = ${refund.id}, refunded_at = coalesce(refunded_at, now()),
      credit_status = case when credit_status = 'available' then 'refunded' else credit_status end, updated_at = now()
    where id = any(${targets}::uuid[]) and refund_id is null
    returning id::text`
  await tx`update refunds set paid_session_ids = ${targets}::uuid[] where id = ${refund.id} and cardinality(paid_session_ids) = 0`
  return rows.map((row) => row.id)
}

function refundTargets(sessions: PaidSessionRow[], refund: RefundFacts, full: boolean): string[] {
  const open = sessions.filter((session) => session.refundId === null)
  if (refund.paidSessionIds.length > 0) return open.filter((session) => refund.paidSessionIds.includes(session.id)).map((session) => session.id)
  if (full) return open.map((session) => session.id)
  const lastFirst = open.filter((session) => session.refundedAt === null).sort((a, b) => b.position - a.position)
  const ordered = [...lastFirst.filter((s) => s.creditStatus === 'available'), ...lastFirst.filter((s) => s.creditStatus !== 'available')]
  const chosen: string[] = []
  let covered = 0
  for (const session of ordered) {
    if (covered >= refund.amountCents) break
    chosen.push(session.id)
    covered += session.amountCents
  }
  return chosen
}

/** A refund that failed after it succeeded: its credits are the member's again. */
async function revokeRefund(tx: Queryable, refundId: string): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    update paid_sessions set refund_id = null, refunded_at = null,
      credit_status = case when credit_status = 'refunded' then 'available' else credit_status end, updated_at = now()
    where refund_id = ${refundId}
    returning id::text`
  return rows.map((row) => row.id)
}

/** A charge refunded in full (seen on `charge.refunded`): every paid session not yet refunded is. */
export async function markFullyRefunded(tx: Queryable, purchaseId: string): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    update paid_sessions set refunded_at = now(),
      credit_status = case when credit_status = 'available' then 'refunded' else credit_status end, updated_at = now()
    where purchase_id = ${purchaseId} and refunded_at is null
    returning id::text`
  return rows.map((row) => row.id)
}

/** Refunds recorded before the purchase was paid (events out of order), applied now that it is. */
export async function applyRecordedRefunds(tx: Queryable, purchase: PurchaseRow): Promise<string[]> {
  const refunds = await tx<{ id: string; amountCents: number; paidSessionIds: string[] }[]>`
    select id, amount_cents as "amountCents", paid_session_ids::text[] as "paidSessionIds" from refunds
    where purchase_id = ${purchase.id} and status = 'succeeded' order by created_at, id`
  const changed: string[] = []
  for (const refund of refunds) changed.push(...(await applyRefund(tx, purchase, { ...refund, status: 'succeeded' })))
  if (purchase.refundedCents >= purchase.amountCents && purchase.amountCents > 0) changed.push(...(await markFullyRefunded(tx, purchase.id)))
  return [...new Set(changed)]
}
