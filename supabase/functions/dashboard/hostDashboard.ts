import type { HostDashboard, HostEarnings, HostUpcomingSession } from '../../../shared/api/dashboard.ts'
import type { Host } from '../../../shared/operations/record.ts'
import { paged, upcomingView, type DashboardContext, type PageRequest } from './views.ts'
import { jsonRows, ratingOf, sessionFieldsOf, sessionListColumns, sessionListsOf, type HostSessionRow, type SessionListsJson } from './sessionRows.ts'

const memberOf = (row: HostSessionRow) => ({ id: row.state.memberId, name: row.state.memberName })

/** The host's sessions and earnings, in one statement. */
async function hostRows(ctx: DashboardContext, host: Host, page: PageRequest) {
  const { sql } = ctx
  const [row] = await sql<(SessionListsJson<HostSessionRow> & { earnings: Array<HostEarnings & { dueCents: number | null; paidCents: number | null }> })[]>`
    select ${sessionListColumns(sql, { column: 'hostId', id: host.id }, page)},
      ${jsonRows(sql, sql`
        select currency, count(*)::int as "completedSessions", sum(amount_cents)::int as "hostShareCents",
          (sum(amount_cents) filter (where status = 'due'))::int as "dueCents", (sum(amount_cents) filter (where status = 'paid'))::int as "paidCents"
        from payout_lines where host_id = ${host.id}
        group by currency order by currency`)} as earnings`
  // A sum over no rows is null: nothing due (or paid) is 0.
  const earnings = row!.earnings.map((line) => ({ ...line, dueCents: line.dueCents ?? 0, paidCents: line.paidCents ?? 0 }))
  return { ...sessionListsOf(row!), earnings }
}

/** The host's own sessions and what the completed paid ones earned them (the plan split's host share). */
export async function hostDashboard(ctx: DashboardContext, host: Host, page: PageRequest): Promise<HostDashboard> {
  const { upcoming, past, earnings } = await hostRows(ctx, host, page)
  const upcomingViews = await Promise.all(
    upcoming.map(async (row): Promise<HostUpcomingSession> => ({
      ...(await upcomingView(ctx, row, 'host', page.now)),
      member: memberOf(row),
      likedMember: row.hostLikedAt !== null,
    })),
  )
  return {
    role: 'host',
    serverTime: page.now.toISOString(),
    host: { id: host.id, name: host.name || null, calLink: host.calLink || null },
    upcoming: upcomingViews,
    past: await paged(ctx, { role: 'host', personId: host.id }, past, page.limit, (row) => ({
      ...sessionFieldsOf(row),
      member: memberOf(row),
      attendance: { hostJoinedAt: row.hostJoinedAt?.toISOString() ?? null, memberJoinedAt: row.memberJoinedAt?.toISOString() ?? null },
      ratings: { byHost: ratingOf(row.hostRating, row.hostComment), byMember: ratingOf(row.memberRating, row.memberComment) },
      hostShareCents: row.payoutCents,
      currency: row.payoutCurrency,
      payoutStatus: row.payoutStatus,
      payoutPaidAt: row.payoutPaidAt === null ? null : new Date(row.payoutPaidAt).toISOString(),
      creditStatus: row.creditStatus,
      likedMember: row.hostLikedAt !== null,
    })),
    earnings,
  }
}
