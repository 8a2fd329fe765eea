import type { Sql } from '../db/connect.ts'
import { UnprocessableError } from '../errors.ts'

import type { PayoutStatus } from '../../../../shared/domain/statuses.ts'

/** One payout line (migration 0019), with the session it pays for. Money in integer cents, AUD. */
export interface PayoutLine {
  id: number
  hostId: string
  hostName: string | null
  sessionId: string
  paidSessionId: string
  bookingId: string | null
  sessionStart: Date | null
  amountCents: number
  currency: 'AUD'
  status: PayoutStatus
  createdAt: Date
  paidAt: Date | null
}

export interface PayoutFilter {
  due?: boolean
  hostId?: string
}

/** Ids that name no payout line: nothing was marked. */
export class UnknownPayoutError extends UnprocessableError {
  constructor(readonly ids: number[]) {
    super(`No payout line ${ids.join(', ')}: nothing was marked paid`, 'unknown_payout')
  }
}

/**
 * Payout lines: written only by the session's settlement (`_shared/attendance/settleAttendance.ts`),
 * one per session; operators list them, export them and mark them paid.
 */
export function createPayoutLines(sql: Sql) {
  return {
    async list(filter: PayoutFilter = {}): Promise<PayoutLine[]> {
      return sql<PayoutLine[]>`
        select p.id::int as id, p.host_id as "hostId", s.state ->> 'hostName' as "hostName", p.session_id::text as "sessionId",
          p.paid_session_id::text as "paidSessionId", s.booking_id as "bookingId", s.start_time as "sessionStart",
          p.amount_cents as "amountCents", p.currency, p.status, p.created_at as "createdAt", p.paid_at as "paidAt"
        from payout_lines p left join sessions s on s.id = p.session_id
        where (${filter.due ?? false} = false or p.status = 'due') and (${filter.hostId ?? null}::text is null or p.host_id = ${filter.hostId ?? null})
        order by p.id`
    },

    /**
     * Marks lines paid, all or none: an unknown id refuses the lot. A line already paid keeps its
     * first paid_at, so running it again changes nothing.
     */
    async markPaid(ids: number[]): Promise<{ marked: number[]; alreadyPaid: number[] }> {
      const wanted = [...new Set(ids)]
      return sql.begin(async (tx) => {
        const rows = await tx<{ id: number; status: PayoutStatus }[]>`
          select id::int as id, status from payout_lines where id = any(${wanted}::bigint[]) for update`
        const known = new Map(rows.map((row) => [row.id, row.status]))
        const unknown = wanted.filter((id) => !known.has(id))
        if (unknown.length > 0) throw new UnknownPayoutError(unknown)
        const marked = await tx<{ id: number }[]>`
          update payout_lines set status = 'paid', paid_at = now() where id = any(${wanted}::bigint[]) and status = 'due' returning id::int as id`
        const markedIds = marked.map((row) => row.id).sort((a, b) => a - b)
        return { marked: markedIds, alreadyPaid: wanted.filter((id) => known.get(id) === 'paid').sort((a, b) => a - b) }
      })
    },
  }
}

export type PayoutLines = ReturnType<typeof createPayoutLines>

/** A CSV cell: quoted when it must be, and text a spreadsheet would run as a formula made inert. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export const PAYOUT_CSV_HEADER = ['id', 'host_id', 'host_name', 'session_id', 'booking_id', 'session_start_utc', 'amount_cents', 'amount', 'currency', 'status', 'created_at_utc', 'paid_at_utc']

/** The lines as CSV (RFC 4180, CRLF), amounts in cents and as a decimal, times in UTC. */
export function payoutCsv(lines: PayoutLine[]): string {
  const rows = lines.map((line) => [
    String(line.id),
    line.hostId,
    line.hostName ?? '',
    line.sessionId,
    line.bookingId ?? '',
    line.sessionStart ? new Date(line.sessionStart).toISOString() : '',
    String(line.amountCents),
    `${Math.floor(line.amountCents / 100)}.${String(line.amountCents % 100).padStart(2, '0')}`,
    line.currency,
    line.status,
    new Date(line.createdAt).toISOString(),
    line.paidAt ? new Date(line.paidAt).toISOString() : '',
  ])
  return [PAYOUT_CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
