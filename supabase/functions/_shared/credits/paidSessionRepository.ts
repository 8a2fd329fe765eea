import type { CreditState } from '../../../../shared/credits/creditRules.ts'
import type { PaidSessionFacts } from '../../../../shared/credits/paidSessionRecord.ts'
import type { Sql } from '../db/connect.ts'

export interface PaidSessionRow extends PaidSessionFacts {
  /** The booking it is used for now, if any (a session id). */
  sessionId: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Paid sessions as their records and the pages read them; the payment and booking processors write them. */
export function createPaidSessionRepository(sql: Sql) {
  return {
    /** Null for an unknown id, or one that is not a paid session's at all (record jobs pass either kind). */
    async get(id: string): Promise<PaidSessionRow | null> {
      if (!UUID.test(id)) return null
      const [row] = await sql<(Omit<PaidSessionRow, 'creditState' | 'paidAt'> & { creditState: CreditState; paidAt: Date | null })[]>`
        select p.id::text as id, p.purchase_id::text as "purchaseId", p.plan, p.amount_cents as "amountCents",
          p.host_share_cents as "hostShareCents", p.platform_share_cents as "platformShareCents", p.credit_status as "creditState",
          p.refunded_at is not null as refunded, p.member_id as "memberId", u.member_name as "memberName", p.host_id as "hostId",
          u.host_name as "hostName", u.checkout_session_id as "checkoutId", u.paid_at as "paidAt", p.session_id::text as "sessionId"
        from paid_sessions p join purchases u on u.id = p.purchase_id
        where p.id = ${id}`
      return row ? { ...row, paidAt: row.paidAt ? new Date(row.paidAt).toISOString() : null } : null
    },

    /** Booking ids (with their earlier uids) of the bookings this paid session was used for before its current one. */
    async earlierBookingIds(id: string, currentSessionId: string | null): Promise<string[]> {
      const rows = await sql<{ bookingId: string }[]>`
        select a.booking_id as "bookingId" from sessions s join booking_aliases a on a.session_id = s.id
        where s.paid_session_id = ${id} and s.id is distinct from ${currentSessionId}::uuid
        order by s.created_at, a.booking_id`
      return rows.map((row) => row.bookingId)
    },
  }
}

export type PaidSessionRepository = ReturnType<typeof createPaidSessionRepository>
