import { isPlanId, PLANS } from '../../shared/plans/catalog.ts'
import { formatCents } from '../../shared/plans/formatMoney.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime, printable, truncate } from './text.ts'

export interface PurchaseListOptions {
  memberId?: string
  limit: number
  json: boolean
}

export interface PurchaseSummary {
  id: string
  createdAt: Date
  memberId: string
  memberName: string | null
  hostId: string
  hostName: string | null
  plan: string
  status: string
  amountCents: number
  currency: string
  credits: { total: number; used: number; left: number; refunded: number }
  refundedCents: number
  refunds: { id: string; amountCents: number; status: string }[]
}

/** `presence purchases list`: payments, credits used and left, and refunds, newest first. */
export async function listPurchases(sql: Sql, options: PurchaseListOptions, print: Print): Promise<number> {
  const rows = await sql<PurchaseSummary[]>`
    select p.id::text, p.created_at as "createdAt", p.member_id as "memberId", p.member_name as "memberName", p.host_id as "hostId",
      p.host_name as "hostName", p.plan, p.payment_status as status, p.amount_cents as "amountCents", p.currency,
      p.refunded_cents as "refundedCents",
      (select json_build_object(
          'total', count(*)::int,
          'used', count(*) filter (where s.credit_status in ('booked', 'used'))::int,
          'left', count(*) filter (where s.credit_status = 'available' and s.refunded_at is null)::int,
          'refunded', count(*) filter (where s.refunded_at is not null)::int)
        from paid_sessions s where s.purchase_id = p.id) as credits,
      (select coalesce(json_agg(json_build_object('id', r.id, 'amountCents', r.amount_cents, 'status', r.status) order by r.created_at), '[]'::json)
        from refunds r where r.purchase_id = p.id) as refunds
    from purchases p
    where (${options.memberId ?? null}::text is null or p.member_id = ${options.memberId ?? null})
    order by p.created_at desc, p.id limit ${options.limit}`
  if (options.json) {
    print(JSON.stringify(rows, null, 2))
    return EXIT.ok
  }
  if (rows.length === 0) {
    print(options.memberId ? `No purchases by member ${printable(options.memberId)}.` : 'No purchases yet.')
    return EXIT.ok
  }
  const table = rows.map((row) => [
    row.id,
    formatTime(row.createdAt),
    truncate(printable(row.memberName ?? row.memberId), 24),
    truncate(printable(row.hostName ?? row.hostId), 24),
    isPlanId(row.plan) ? PLANS[row.plan].name : row.plan,
    row.status,
    formatCents(row.amountCents, row.currency),
    row.credits.total === 0 ? '-' : `${row.credits.used} used, ${row.credits.left} left${row.credits.refunded ? `, ${row.credits.refunded} refunded` : ''}`,
    row.refunds.length === 0 && row.refundedCents === 0 ? '-' : `${formatCents(row.refundedCents, row.currency)} (${row.refunds.map((r) => `${r.id} ${r.status}`).join(', ') || 'in Stripe'})`,
  ])
  for (const line of formatTable(['PURCHASE', 'CREATED (UTC)', 'MEMBER', 'HOST', 'PLAN', 'STATUS', 'AMOUNT', 'CREDITS', 'REFUNDED'], table)) print(line)
  if (rows.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
